// Typo suggestions for option names. Hand-written rather than a dependency: the whole need is one small distance
// function over a few dozen short names, on a path that runs only when a name is unknown.

/**
 * The optimal-string-alignment distance: insertions, deletions, substitutions and swaps of two adjacent characters
 * each cost 1 (so `tool_choise` is 1 from `tool_choice`, `reasoingEffort` 1 from `reasoningEffort`).
 *
 * @example
 * editDistance("temprature", "temperature"); // 1
 */
export function editDistance(left: string, right: string): number {
  // Three rolling rows (two back, one back, current) are all the swap rule needs.
  let twoBack: number[] = [];
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let row = 1; row <= left.length; row++) {
    const current = [row];
    for (let column = 1; column <= right.length; column++) {
      const cost = left[row - 1] === right[column - 1] ? 0 : 1;
      let best = Math.min(previous[column]! + 1, current[column - 1]! + 1, previous[column - 1]! + cost);
      if (row > 1 && column > 1 && left[row - 1] === right[column - 2] && left[row - 2] === right[column - 1]) {
        best = Math.min(best, twoBack[column - 2]! + 1);
      }
      current.push(best);
    }
    twoBack = previous;
    previous = current;
  }
  return previous[right.length]!;
}

/** How names are compared: case and the `_` of snake_case do not count, so `toolChoice` matches `tool_choice`. */
function normalizeName(name: string): string {
  return name.toLowerCase().replaceAll("_", "");
}

/**
 * Whether two option names differ only in case and underscores.
 *
 * @example
 * isSameName("max_tokens", "maxTokens"); // true
 */
export function isSameName(left: string, right: string): boolean {
  return normalizeName(left) === normalizeName(right);
}

/**
 * The candidate a mistyped name most likely meant, or `undefined` when none is close: by the longer of the two names,
 * no edit up to 3 characters, 1 up to 7, 2 up to 11, 3 beyond, counted without case and underscores. Ties go to the
 * earlier candidate.
 *
 * @example
 * findClosestName("temprature", ["temperature", "topP"]); // "temperature"
 * findClosestName("banana", ["temperature", "topP"]); // undefined
 */
export function findClosestName(name: string, candidates: Iterable<string>): string | undefined {
  const normalized = normalizeName(name);
  let closest: string | undefined;
  let closestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const target = normalizeName(candidate);
    const allowed = allowedDistance(Math.max(normalized.length, target.length));
    // Cheap bound first: the length difference alone is a lower bound of the distance.
    if (Math.abs(normalized.length - target.length) > allowed) continue;
    const distance = editDistance(normalized, target);
    if (distance <= allowed && distance < closestDistance) {
      closest = candidate;
      closestDistance = distance;
    }
  }
  return closest;
}

function allowedDistance(length: number): number {
  // A single edit turns any short name into any other (`n` into `x`), so short names must match exactly.
  if (length <= 3) return 0;
  if (length <= 7) return 1;
  if (length <= 11) return 2;
  return 3;
}
