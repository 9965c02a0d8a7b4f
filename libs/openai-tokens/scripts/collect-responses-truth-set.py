#!/usr/bin/env python3
"""Collects real Responses API exchanges from vcrpy cassettes in a git mirror into truth-set JSONL.

Usage: collect-responses-truth-set.py <git-dir> <owner/name> <out.jsonl> [--history]

The Responses twin of collect-truth-set.py (whose cassette reading it reuses): keeps the interactions that POSTed to
https://api.openai.com/v1/responses and got a real response (a resp_ id and a usage object with input_tokens and
input_tokens_details; streamed ones through their response.completed event), and writes one line per distinct
request: { id, model, date, source, request, usage }. Requests whose input tokens depend on something the body does
not hold are skipped: previous_response_id / conversation (stored context), built-in tools (their hidden
instructions), files and images, and stored item references.
"""
import collections, datetime, importlib.util, json, os, re, sys

spec = importlib.util.spec_from_file_location("chat_truth", os.path.join(os.path.dirname(__file__), "collect-truth-set.py"))
chat = importlib.util.module_from_spec(spec)
spec.loader.exec_module(chat)

IRRELEVANT = {"temperature", "top_p", "stream", "stream_options", "max_output_tokens", "user", "store", "metadata",
              "service_tier", "top_logprobs", "prompt_cache_key", "safety_identifier", "include", "truncation",
              "background", "max_tool_calls", "prompt_cache_retention"}
ITEM_TYPES = {"message", "function_call", "function_call_output", "reasoning"}
PART_TYPES = {"input_text", "output_text", "text", "refusal"}


def parse_response(response):
    """The final `response` object: a JSON body, or a stream's response.completed / response.incomplete event."""
    parsed = response.get("parsed_body")
    if parsed is None:
        parsed = response.get("body")
        parsed = chat.body_text(parsed) if not isinstance(parsed, dict) or "string" in parsed else parsed
    data = chat.parse_json(parsed)
    if isinstance(data, dict):
        return data
    if isinstance(parsed, str) and "data:" in parsed:
        for line in parsed.splitlines():
            if not line.startswith("data:"):
                continue
            event = chat.parse_json(line[5:].strip())
            if isinstance(event, dict) and event.get("type") in ("response.completed", "response.incomplete"):
                return event.get("response")
    return None


def unsupported(request):
    """Why the body alone cannot give the input tokens, or None."""
    for key in ("previous_response_id", "conversation", "prompt"):
        if request.get(key):
            return key
    for tool in request.get("tools") or []:
        if tool.get("type") != "function":
            return f"built-in tool {tool.get('type')}"
    items = request.get("input")
    if isinstance(items, str):
        return None
    for item in items or []:
        kind = item.get("type", "message")
        if kind not in ITEM_TYPES:
            return f"input item {kind}"
        if kind == "reasoning":
            return "reasoning item (its hidden tokens are not in the body)"
        if kind == "message" and isinstance(item.get("content"), list):
            for part in item["content"]:
                if part.get("type") not in PART_TYPES:
                    return f"content part {part.get('type')}"
        if kind == "function_call_output" and not isinstance(item.get("output"), str):
            return "non-text tool output"
    return None


def main():
    gitdir, repo, out_path = sys.argv[1:4]
    history = "--history" in sys.argv
    skipped = collections.Counter()
    entries, keys = [], {}
    found = list(chat.blobs(gitdir, history))
    contents = {}
    for start in range(0, len(found), 500):
        contents.update(chat.read_blobs(gitdir, [sha for _, sha, _ in found[start:start + 500]]))
    for path, sha, commit in found:
        text = contents.get(sha)
        if text is None or b"api.openai.com" not in text or b"/responses" not in text:
            continue
        try:
            cassette = chat.yaml.load(text, Loader=chat.Loader) if not path.endswith(".json") else json.loads(text)
        except Exception:
            skipped["unparseable cassette"] += 1
            continue
        interactions = cassette.get("interactions") if isinstance(cassette, dict) else None
        for index, interaction in enumerate(interactions or []):
            request = interaction.get("request") or {}
            uri = request.get("uri") or ""
            if "api.openai.com" not in uri or not uri.rstrip("/").endswith("/v1/responses") or request.get("method", "POST") != "POST":
                continue
            body = request.get("parsed_body")
            if body is None:
                body = chat.parse_json(chat.body_text(request.get("body")))
            response = parse_response(interaction.get("response") or {})
            if not isinstance(body, dict) or not isinstance(response, dict):
                skipped["request or response body not recorded"] += 1
                continue
            usage = response.get("usage")
            if not str(response.get("id", "")).startswith("resp_") or not isinstance(usage, dict) or "input_tokens" not in usage or "input_tokens_details" not in usage:
                skipped["no real usage (mock, error or failed)"] += 1
                continue
            kept = {k: v for k, v in body.items() if k not in IRRELEVANT}
            reason = unsupported(kept)
            if reason:
                skipped[reason] += 1
                continue
            if chat.REDACTION.search(json.dumps([kept.get("input"), kept.get("instructions")], ensure_ascii=False)):
                skipped["redacted or truncated content"] += 1
                continue
            key = json.dumps(kept, sort_keys=True, ensure_ascii=False)
            if key in keys:
                other = entries[keys[key]]
                if other["usage"]["input_tokens"] != usage["input_tokens"]:
                    other.setdefault("conflicting_input_tokens", []).append(usage["input_tokens"])
                skipped["duplicate request"] += 1
                continue
            created = response.get("created_at")
            date = datetime.datetime.fromtimestamp(created, datetime.timezone.utc).strftime("%Y-%m-%d") if isinstance(created, (int, float)) else None
            name = re.sub(r"\.(ya?ml|json)$", "", path.rsplit("/", 1)[-1])
            entry = {
                "id": f"{repo.split('/')[1]}/{name}#{index}",
                "model": response.get("model"),
                "date": date,
                "source": {"repo": repo, "path": path, "commit": commit, "url": f"https://github.com/{repo}/blob/{commit}/{path}"},
                "request": kept,
                "usage": usage,
            }
            suffix = 1
            ids = {e["id"] for e in entries}
            while entry["id"] in ids:
                suffix += 1
                entry["id"] = f"{repo.split('/')[1]}/{name}#{index}.{suffix}"
            keys[key] = len(entries)
            entries.append(entry)
    with open(out_path, "w", encoding="utf-8") as out:
        for entry in entries:
            out.write(json.dumps(entry, ensure_ascii=False) + "\n")
    print(f"{repo}: {len(entries)} kept; skipped {dict(skipped)}", file=sys.stderr)


if __name__ == "__main__":
    main()
