export { EmulatorHttpError } from "./errors.js";
export type { OpenAIErrorBody } from "./errors.js";
