import { Ajv2020 } from "ajv/dist/2020.js";
import formatsModule from "ajv-formats";

// ajv-formats is CommonJS with a `default` property; under NodeNext the default import is the module object.
const addFormats = formatsModule.default;
const ajv = new Ajv2020({ strict: false, allErrors: true, logger: false });
addFormats(ajv);

/** Throws with the schema, the value and ajv's errors unless `value` is valid against `schema` (draft 2020-12). */
export function expectValidJson(schema: object | boolean, value: unknown): void {
  const validate = ajv.compile(schema);
  if (!validate(value)) {
    throw new Error(
      `invalid JSON\nschema: ${JSON.stringify(schema)}\nvalue:  ${JSON.stringify(value)}\nerrors: ${ajv.errorsText(validate.errors)}`,
    );
  }
}
