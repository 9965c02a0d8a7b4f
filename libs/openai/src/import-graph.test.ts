import { describe, expect, it } from "@jest/globals";
import { readFileSync } from "node:fs";
import path from "node:path";

// Importing the package must stay cheap (issue 14, cold start): the whole `openai` SDK (its client and every resource,
// a few hundred modules) loads at the first request, through a dynamic import of client.ts. This walks the static
// import graph of the sources from index.ts (what `import "@tessera/openai"` evaluates; `import type` is erased, and
// under verbatimModuleSyntax every other import is kept) and checks what it reaches. Not timed: bench/src/import-cost.ts
// measures the time.

const SRC = path.join(__dirname);
const STATEMENT = /^(?:import|export)\s+(type\s+)?(?:[^;"']*?\sfrom\s+)?["']([^"']+)["']/gm;

function staticGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    for (const [, typeOnly, specifier] of readFileSync(file, "utf8").matchAll(STATEMENT)) {
      if (typeOnly !== undefined || specifier === undefined) continue;
      if (specifier.startsWith(".")) pending.push(path.resolve(path.dirname(file), specifier.replace(/\.js$/, ".ts")));
      else packages.add(specifier);
    }
  }
  return { files, packages };
}

describe("importing @tessera/openai", () => {
  const { files, packages } = staticGraph(path.join(SRC, "index.ts"));

  it("walks the real graph (the model, its converters and @langchain/core are reached)", () => {
    expect(files).toContain(path.join(SRC, "chat-openai.ts"));
    expect(files).toContain(path.join(SRC, "internal", "create-chat-caller.ts"));
    expect(files).toContain(path.join(SRC, "internal", "create-client-call.ts"));
    expect(packages).toContain("@langchain/core/language_models/chat_models");
  });

  it("does not load the openai SDK's client or resources, only its error classes", () => {
    expect(packages).not.toContain("openai");
    expect([...packages].filter((name) => name.startsWith("openai/"))).toEqual(["openai/core/error"]);
    expect(files).not.toContain(path.join(SRC, "client.ts"));
  });

  it("loads the client module at the first request, by a dynamic import", () => {
    expect(readFileSync(path.join(SRC, "internal", "create-client-call.ts"), "utf8")).toMatch(/import\("\.\.\/client\.js"\)/);
  });
});
