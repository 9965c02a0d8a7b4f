// Simple arithmetic found in a question ("What is (12 + 30) * 3?"), evaluated the way Python prints it: the code
// interpreter's emulation never runs code, it computes what the code it shows would print.

/**
 * An arithmetic expression and what Python's `print` shows for its value.
 *
 * @example
 * const found: Arithmetic = { expression: "6 * 7", printed: "42" };
 */
export interface Arithmetic {
  /** The expression, as Python source (`^` written `**`). */
  expression: string;
  /** Its value as Python prints it: `42`, `3.5`, `2.0` (true division gives a float). */
  printed: string;
}

const CANDIDATE = /[-+(]*\d[\d\s.+\-*/%^()×÷]*\d\)*|\(\s*\d[\d\s.+\-*/%^()×÷]*\)/gu;
const MAX_EXPRESSION = 200;

/**
 * The first arithmetic expression of a text with at least one operator, evaluated; undefined when there is none (or
 * it divides by zero, or is not well formed).
 *
 * @example
 * findArithmetic("What is 7 / 2 + 1?"); // { expression: "7 / 2 + 1", printed: "4.5" }
 * findArithmetic("Tell me about Paris"); // undefined
 */
export function findArithmetic(text: string): Arithmetic | undefined {
  for (const match of text.matchAll(CANDIDATE)) {
    const raw = match[0].trim();
    if (raw.length > MAX_EXPRESSION || !/\d\s*(\*\*|[-+*/%^×÷])\s*[-+(]*\d/u.test(raw)) continue;
    const expression = raw.replace(/×/gu, "*").replace(/÷/gu, "/").replace(/\^/gu, "**").replace(/\s+/gu, " ");
    const value = evaluate(expression);
    if (value !== undefined) return { expression, printed: value.printed };
  }
  return undefined;
}

interface Value {
  number: number;
  /** Python's float (true division or a decimal literal) rather than int. */
  float: boolean;
  printed: string;
}

function evaluate(expression: string): Value | undefined {
  const tokens = expression.match(/\d+(?:\.\d+)?|\*\*|[-+*/%()]/gu) ?? [];
  if (tokens.join("") !== expression.replace(/\s+/gu, "")) return undefined;
  let position = 0;
  const peek = () => tokens[position];
  const take = () => tokens[position++];

  function primary(): Value | undefined {
    const token = take();
    if (token === undefined) return undefined;
    if (token === "(") {
      const inner = sum();
      return take() === ")" ? inner : undefined;
    }
    if (token === "-" || token === "+") {
      const operand = power();
      return operand && make(token === "-" ? -operand.number : operand.number, operand.float);
    }
    if (!/^\d/u.test(token)) return undefined;
    return make(Number(token), token.includes("."));
  }
  function power(): Value | undefined {
    const base = primary();
    if (!base || peek() !== "**") return base;
    take();
    const exponent = power();
    return exponent && make(base.number ** exponent.number, base.float || exponent.float || exponent.number < 0);
  }
  function product(): Value | undefined {
    let left = power();
    while (left && (peek() === "*" || peek() === "/" || peek() === "%")) {
      const operator = take();
      const right = power();
      if (!right) return undefined;
      if ((operator === "/" || operator === "%") && right.number === 0) return undefined;
      if (operator === "*") left = make(left.number * right.number, left.float || right.float);
      else if (operator === "/") left = make(left.number / right.number, true);
      else left = make(left.number - right.number * Math.floor(left.number / right.number), left.float || right.float);
    }
    return left;
  }
  function sum(): Value | undefined {
    let left = product();
    while (left && (peek() === "+" || peek() === "-")) {
      const operator = take();
      const right = product();
      if (!right) return undefined;
      left = make(operator === "+" ? left.number + right.number : left.number - right.number, left.float || right.float);
    }
    return left;
  }
  const result = sum();
  return result && position === tokens.length && Number.isFinite(result.number) ? result : undefined;
}

function make(number: number, float: boolean): Value {
  return { number, float, printed: pythonRepr(number, float) };
}

// Python prints floats with a decimal point (`2.0`) and big ints in full; JavaScript's shortest round-trip digits
// match Python's repr otherwise (exponents aside, which simple questions do not reach).
function pythonRepr(number: number, float: boolean): string {
  if (!float) return Number.isSafeInteger(number) ? String(number) : BigInt(Math.round(number)).toString();
  if (Number.isInteger(number) && Math.abs(number) < 1e16) return `${number}.0`;
  return String(number);
}
