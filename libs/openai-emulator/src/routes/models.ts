import type { EmulatorContext } from "../context.js";
import { findModel, type ModelProfile } from "../engine/models.js";
import { EmulatorHttpError } from "../errors.js";
import { jsonResponse } from "./respond.js";

/** `GET /v1/models`: the model table as the real list endpoint shapes it. */
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

function toModelObject(model: ModelProfile): Record<string, unknown> {
  return { id: model.id, object: "model", created: model.created, owned_by: model.ownedBy };
}
