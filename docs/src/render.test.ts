import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "@jest/globals";
import type { Notebook } from "./notebook.js";
import { cellOutputText, cellSource } from "./notebook.js";
import { importMarkdown, renderNotebook } from "./render.js";

const docsDir = path.join(__dirname, "..");

const page = [
  "# Title",
  "",
  "Intro with a `ts` snippet that does not run:",
  "",
  "```ts",
  "const notRun = 1;",
  "```",
  "",
  "```typescript",
  'console.log("hi");',
  "```",
  "",
  "```output",
  "hi",
  "```",
  "",
  "## Second",
  "",
  "````md",
  "## not a heading: inside a fence",
  "````",
  "",
  "```typescript raises-exception",
  'throw new Error("no");',
  "```",
  "",
].join("\n");

describe("importMarkdown", () => {
  const notebook = importMarkdown(page, "page");

  it("makes typescript fences code cells, keeps other fences in the prose and drops output blocks", () => {
    expect(notebook.cells.map((cell) => cell.cell_type)).toEqual(["markdown", "code", "markdown", "code"]);
    expect(cellSource(notebook.cells[0]!)).toContain("const notRun = 1;");
    expect(cellSource(notebook.cells[1]!)).toBe('console.log("hi");');
    expect(notebook.cells.some((cell) => cellSource(cell).includes("```output"))).toBe(false);
  });

  it("splits the prose at ## headings, but not at a ## inside a fence", () => {
    expect(cellSource(notebook.cells[2]!)).toBe("## Second\n\n````md\n## not a heading: inside a fence\n````");
  });

  it("tags a cell written as `typescript raises-exception`", () => {
    expect(notebook.cells[3]!.metadata.tags).toEqual(["raises-exception"]);
    expect(notebook.metadata.kernelspec).toEqual({ display_name: "Deno", language: "typescript", name: "deno" });
  });
});

describe("renderNotebook", () => {
  const notebook: Notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [
      { id: "a", cell_type: "markdown", metadata: {}, source: ["# Title\n", "\n", "Text."] },
      {
        id: "b",
        cell_type: "code",
        metadata: {},
        source: 'console.log("```");\n1 + 1',
        execution_count: 1,
        outputs: [
          { output_type: "stream", name: "stdout", text: ["```\n"] },
          { output_type: "execute_result", execution_count: 1, metadata: {}, data: { "text/plain": "\u001b[33m2\u001b[39m" } },
        ],
      },
      {
        id: "c",
        cell_type: "code",
        metadata: { tags: ["raises-exception"] },
        source: "boom()",
        outputs: [{ output_type: "error", ename: "ReferenceError", evalue: "boom is not defined", traceback: [] }],
      },
    ],
  };

  it("writes code, then what it printed, with a longer fence when a line of it opens one, and colours removed", () => {
    expect(renderNotebook(notebook, "page.ipynb")).toBe(
      [
        "<!-- Rendered from page.ipynb by `pnpm docs:render`: edit the notebook, not this file. -->",
        "",
        "# Title",
        "",
        "Text.",
        "",
        "```typescript",
        'console.log("```");',
        "1 + 1",
        "```",
        "",
        "````output",
        "```",
        "2",
        "````",
        "",
        "```typescript raises-exception",
        "boom()",
        "```",
        "",
        "```output",
        "ReferenceError: boom is not defined",
        "```",
        "",
      ].join("\n"),
    );
  });

  it("shows an error as its name and message", () => {
    expect(cellOutputText(notebook.cells[2]!)).toBe("ReferenceError: boom is not defined\n");
  });
});

describe("the committed notebooks", () => {
  const notebooks = readdirSync(docsDir).filter((name) => name.endsWith(".ipynb"));

  it("are there, each with its rendering beside it", () => {
    expect(notebooks.length).toBeGreaterThanOrEqual(8);
    for (const name of notebooks) expect(readdirSync(docsDir)).toContain(name.replace(/\.ipynb$/, ".md"));
  });

  it.each(notebooks)("%s survives a round trip through its rendering (same cells, same code)", (name) => {
    const notebook = JSON.parse(readFileSync(path.join(docsDir, name), "utf8")) as Notebook;
    const again = importMarkdown(renderNotebook(notebook, name), name);
    const shape = (cells: Notebook["cells"]) => cells.map((cell) => [cell.cell_type, cellSource(cell).trim(), cell.metadata.tags ?? []]);
    expect(shape(again.cells)).toEqual(shape(notebook.cells));
  });
});
