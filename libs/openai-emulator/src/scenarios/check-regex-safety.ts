// Scenario regexes run on every request, on the server's one thread, against text a client chose. A pattern such as
// `^(a+)+$` takes exponential time to fail on `"aaaa…!"` (issue 12: it blocked the server for 14 s), so a scenario could
// block the emulator for every client. JavaScript cannot interrupt a running match, so a time budget would need a worker per
// match; instead the pattern is checked once, when the scenario is loaded, and refused with the reason.
//
// The check is structural, in the manner of safe-regex (star height) but with fewer false alarms, on the exact
// ECMAScript syntax tree from @eslint-community/regexpp (the parser ESLint itself uses; no dependencies). A pattern is
// refused when a repeated part can match the same text in more than one way:
//   1. nested repetition: a repeated group holds a variable repetition, and nothing else the group must match tells its
//      iterations apart (`(a+)+`, `(\w+\s?)*`, `(.*,)*`), whereas `(\d{1,3}\.)+` and `(ab+)*` are accepted, because the
//      `.` and the `a` can only be matched where an iteration starts or ends;
//   2. ambiguous alternation: a repeated group has two alternatives that can start with the same character (`(a|a)*`,
//      `(\w|\d)+`).
// Polynomial backtracking (`\s*\s*x`, quadratic) is not refused: it stays bearable at the sizes of chat messages.

import { RegExpParser, type AST } from "@eslint-community/regexpp";

type CharAtom = AST.Character | AST.CharacterSet | AST.CharacterClass | AST.ExpressionCharacterClass;

/** The characters a part of a pattern can match, as the atoms that match them; `any` when unknown (a backreference). */
interface Atoms {
  list: CharAtom[];
  any: boolean;
}

// Characters tried when asking whether two atoms can match the same character: Latin, punctuation, whitespace and a
// few from other scripts. Atoms that only overlap outside them are taken as disjoint (a false negative at worst).
const SAMPLE = [...Array.from({ length: 0x300 }, (_, code) => code), 0x2028, 0x3000, 0x3042, 0x4e00, 0xac00, 0x1f600].map((code) =>
  String.fromCodePoint(code),
);

/**
 * Why a regular expression risks catastrophic backtracking, or undefined when the structural check finds no risk.
 * The pattern must already be valid for `new RegExp(source, flags)`.
 *
 * @example
 * findCatastrophicBacktracking("^(a+)+$"); // "the repeated part '(a+)+' holds the repetition 'a+', …"
 * findCatastrophicBacktracking("weather in (\\w+)", "i"); // undefined
 */
export function findCatastrophicBacktracking(source: string, flags = ""): string | undefined {
  const pattern = new RegExpParser().parsePattern(source, 0, source.length, { unicode: flags.includes("u"), unicodeSets: flags.includes("v") });
  const matcherFlags = flags.replace(/[^imsuv]/gu, "");
  // Which sample characters each atom matches, computed once per atom: overlaps are then cheap unions.
  const masks = new Map<CharAtom, boolean[]>();
  const maskOf = (atom: CharAtom) => {
    let mask = masks.get(atom);
    if (!mask) {
      let matches: (text: string) => boolean;
      try {
        const expression = new RegExp(`^(?:${atom.raw})$`, matcherFlags);
        matches = (text) => expression.test(text);
      } catch {
        // An atom that does not stand alone (none is known): taken as matching everything, so never as a separator.
        matches = () => true;
      }
      mask = SAMPLE.map(matches);
      masks.set(atom, mask);
    }
    return mask;
  };
  const union = (atoms: Atoms) => SAMPLE.map((_, index) => atoms.list.some((atom) => maskOf(atom)[index] === true));
  const overlap = (left: Atoms, right: Atoms) => {
    if (left.any || right.any) return true;
    const [one, two] = [union(left), union(right)];
    return one.some((matched, index) => matched && two[index] === true);
  };
  for (const loop of quantifiers(pattern)) {
    if (loop.max < 2) continue;
    const reason = nestedRepetition(loop, overlap) ?? ambiguousAlternation(loop, overlap);
    if (reason) return reason;
  }
  return undefined;
}

function nestedRepetition(loop: AST.Quantifier, overlap: (left: Atoms, right: Atoms) => boolean): string | undefined {
  for (const inner of quantifiers(loop.element)) {
    if (inner.max <= inner.min) continue;
    const innerAtoms = atomsIn(inner.element);
    const separators = mandatoryAtoms(loop.element, inner);
    if (separators.every((atom) => overlap({ list: [atom], any: false }, innerAtoms))) {
      return (
        `the repeated part '${loop.raw}' holds the repetition '${inner.raw}', and nothing else it must match tells one ` +
        "repetition from the next, so a text that does not match can be split among them in exponentially many ways"
      );
    }
  }
  return undefined;
}

function ambiguousAlternation(loop: AST.Quantifier, overlap: (left: Atoms, right: Atoms) => boolean): string | undefined {
  const { element } = loop;
  if (element.type !== "Group" && element.type !== "CapturingGroup") return undefined;
  const starts = element.alternatives.map((alternative) => ({ alternative, atoms: firstAtoms(alternative.elements) }));
  for (let left = 0; left < starts.length; left++) {
    for (let right = left + 1; right < starts.length; right++) {
      const [one, two] = [starts[left], starts[right]];
      if (!one || !two || one.atoms.list.length + two.atoms.list.length === 0) continue;
      if (overlap(one.atoms, two.atoms)) {
        return (
          `the repeated part '${loop.raw}' has alternatives that can start with the same character ('${one.alternative.raw}' ` +
          `and '${two.alternative.raw}'), so a text that does not match can be split among them in exponentially many ways`
        );
      }
    }
  }
  return undefined;
}

// Every quantifier in a subtree, outermost first (lookarounds included: they backtrack too).
function quantifiers(node: AST.Node): AST.Quantifier[] {
  const found: AST.Quantifier[] = [];
  const visit = (current: AST.Node) => {
    if (current.type === "Quantifier") found.push(current);
    for (const child of children(current)) visit(child);
  };
  visit(node);
  return found;
}

function children(node: AST.Node): AST.Node[] {
  switch (node.type) {
    case "Pattern":
    case "Group":
    case "CapturingGroup":
      return node.alternatives;
    case "Assertion":
      return node.kind === "lookahead" || node.kind === "lookbehind" ? node.alternatives : [];
    case "Alternative":
      return node.elements;
    case "Quantifier":
      return [node.element];
    default:
      return [];
  }
}

// The single characters a subtree can match anywhere in it.
function atomsIn(node: AST.Node): Atoms {
  const atoms: Atoms = { list: [], any: false };
  const visit = (current: AST.Node) => {
    if (isCharAtom(current)) atoms.list.push(current);
    else if (current.type === "Backreference") atoms.any = true;
    else for (const child of children(current)) visit(child);
  };
  visit(node);
  return atoms;
}

// The characters a subtree must match in sequence, outside `inner`: a separator between repetitions of `inner`.
// Optional parts and alternations are no separator (a path may skip them).
function mandatoryAtoms(node: AST.Node, inner: AST.Quantifier): CharAtom[] {
  if (node === inner) return [];
  if (isCharAtom(node)) return [node];
  switch (node.type) {
    case "Group":
    case "CapturingGroup":
      return node.alternatives.length === 1 && node.alternatives[0] ? mandatoryAtoms(node.alternatives[0], inner) : [];
    case "Alternative":
      return node.elements.flatMap((element) => mandatoryAtoms(element, inner));
    case "Quantifier":
      return node.min >= 1 ? mandatoryAtoms(node.element, inner) : [];
    default:
      return [];
  }
}

// The characters an alternative can start with (assertions are skipped, optional parts add what follows them).
function firstAtoms(elements: AST.Element[]): Atoms {
  const atoms: Atoms = { list: [], any: false };
  for (const element of elements) {
    const first = firstOf(element);
    atoms.list.push(...first.list);
    atoms.any ||= first.any;
    if (!canBeEmpty(element)) break;
  }
  return atoms;
}

function firstOf(node: AST.Node): Atoms {
  if (isCharAtom(node)) return { list: [node], any: false };
  switch (node.type) {
    case "Group":
    case "CapturingGroup": {
      const parts = node.alternatives.map((alternative) => firstAtoms(alternative.elements));
      return { list: parts.flatMap((part) => part.list), any: parts.some((part) => part.any) };
    }
    case "Quantifier":
      return firstOf(node.element);
    case "Backreference":
      return { list: [], any: true };
    default:
      return { list: [], any: false };
  }
}

function canBeEmpty(node: AST.Node): boolean {
  if (isCharAtom(node)) return false;
  switch (node.type) {
    case "Group":
    case "CapturingGroup":
      return node.alternatives.some((alternative) => alternative.elements.every(canBeEmpty));
    case "Quantifier":
      return node.min === 0 || canBeEmpty(node.element);
    default:
      return true;
  }
}

function isCharAtom(node: AST.Node): node is CharAtom {
  return node.type === "Character" || node.type === "CharacterSet" || node.type === "CharacterClass" || node.type === "ExpressionCharacterClass";
}
