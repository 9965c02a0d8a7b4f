import type { EmulatorContext } from "../context.js";
import { findModel, modelCapabilities, type ModelProfile } from "../engine/models.js";
import { REASONING_EFFORTS } from "../engine/reasoning.js";
import { EmulatorHttpError } from "../errors.js";
import { jsonResponse } from "./respond.js";

/** `GET /v1/models`: the model table as the real list endpoint shapes it (four fields per model, nothing more). */
export function handleListModels(context: EmulatorContext, requestId: string): Response {
  return jsonResponse(200, { object: "list", data: context.models.map(toModelObject) }, { "x-request-id": requestId });
}

/** `GET /v1/models/{id}`: one model, or OpenAI's 404 for an unknown id. */
export function handleRetrieveModel(context: EmulatorContext, id: string, requestId: string): Response {
  const model = findModel(context.models, id);
  if (!model) {
    throw new EmulatorHttpError(404, `The model '${id}' does not exist`, { param: "model", code: "model_not_found" });
  }
  return jsonResponse(200, { ...toModelObject(model), id }, { "x-request-id": requestId });
}

/** One row of `GET /__emulator/models`: everything the emulator knows about a model, in the wire's snake_case. */
export interface EmulatorModelEntry {
  id: string;
  object: "model";
  /** What `model` says in responses: the dated snapshot (or the id itself for the legacy completion models). */
  snapshot: string;
  created: number;
  owned_by: string;
  encoding: string;
  context_window: number;
  max_output_tokens: number;
  capabilities: {
    chat: boolean;
    completions: boolean;
    tools: boolean;
    json_schema: boolean;
    vision: boolean;
    audio_input: boolean;
    web_search: boolean;
    stop: boolean;
    reasoning: boolean;
  };
  /** The `reasoning_effort` values accepted; `[]` for a model that does not reason. */
  reasoning_efforts: string[];
}

/**
 * `GET /__emulator/models` (emulator only, not part of OpenAI's API): the whole model table with what each model
 * accepts, so a test or a developer can see why a request is refused.
 *
 * @example
 * const table = await (await emulator.fetch("http://emulator/__emulator/models")).json();
 * table.data.find((entry) => entry.id === "gpt-3.5-turbo-instruct").capabilities.completions; // true
 */
export function handleListEmulatorModels(context: EmulatorContext, requestId: string): Response {
  return jsonResponse(200, { object: "list", data: context.models.map(toEmulatorEntry) }, { "x-request-id": requestId });
}

function toModelObject(model: ModelProfile): Record<string, unknown> {
  return { id: model.id, object: "model", created: model.created, owned_by: model.ownedBy };
}

function toEmulatorEntry(model: ModelProfile): EmulatorModelEntry {
  const capabilities = modelCapabilities(model);
  return {
    id: model.id,
    object: "model",
    snapshot: model.snapshot,
    created: model.created,
    owned_by: model.ownedBy,
    encoding: model.encoding,
    context_window: model.contextWindow,
    max_output_tokens: model.maxOutputTokens,
    capabilities: {
      chat: capabilities.chat,
      completions: capabilities.completions,
      tools: capabilities.tools,
      json_schema: capabilities.jsonSchema,
      vision: capabilities.vision,
      audio_input: capabilities.audioInput,
      web_search: capabilities.webSearch,
      stop: capabilities.stop,
      reasoning: model.reasoning,
    },
    reasoning_efforts: model.reasoning ? [...(model.reasoningEfforts ?? REASONING_EFFORTS)] : [],
  };
}
