import { describe, expect, it } from "@jest/globals";
import {
  forumVisionFigures,
  hmarrFigures,
  pamelaImageFigures,
  pamelaMessageFigures,
  pamelaToolDeviations,
  pamelaToolFigures,
  toolCallFigures,
  type PublishedFigure,
} from "./__fixtures__/published-prompt-tokens.js";
import { countChatPromptTokens } from "./count-chat-prompt-tokens.js";

// prompt_tokens the API reported, published by other projects (sources in the fixture and docs/token-counting.md).
const exact: Array<[string, PublishedFigure[]]> = [
  ["legacy functions and function messages", hmarrFigures],
  ["tools and tool_choice", pamelaToolFigures],
  ["single messages", pamelaMessageFigures],
  ["images as data URLs", pamelaImageFigures],
  ["images of a known size", forumVisionFigures],
  ["tool calls and results", toolCallFigures],
];

describe.each(exact)("published figures: %s", (_group, figures) => {
  it.each(figures.map((figure) => [figure.label, figure.promptTokens, figure] as const))(
    "%s: %i",
    async (_label, expected, figure) => {
      expect((await countChatPromptTokens(figure.request)).totalCount).toBe(expected);
    },
  );
});

describe("published figures the rule over-counts (documented deviations)", () => {
  it.each(pamelaToolDeviations.map((figure) => [figure.label, figure.promptTokens, figure.overCount, figure] as const))(
    "%s: %i, counted %i more",
    async (_label, expected, overCount, figure) => {
      expect((await countChatPromptTokens(figure.request)).totalCount).toBe(expected + overCount);
    },
  );
});
