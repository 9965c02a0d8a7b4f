#!/usr/bin/env python3
"""Collects real Chat Completions exchanges (request AND response) from vcrpy cassettes in a git mirror.

Usage: collect-recorded-exchanges.py <git-dir> <owner/name> <out.jsonl> [--history] [--per-class N]

Reads the cassettes the way libs/openai-tokens/scripts/collect-truth-set.py does (its blob walk and body decoding are
imported, not copied) and keeps, for each interaction that POSTed to https://api.openai.com/v1/chat/completions and
has a recorded response body: the full request body, the status, selected response headers, and the response
(a JSON body, or the list of SSE chunks), with long strings shortened. Exchanges are grouped into classes
(model family, stream, tools, response_format, n, status, error code, answer kind) and at most N (default 3) are kept
per class, newest first, so the fixture stays small. Skipped interactions are counted by reason on stderr.
"""
import base64, collections, datetime, hashlib, importlib.util, json, os, re, sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location(
    "collect_truth_set", os.path.join(HERE, "../../openai-tokens/scripts/collect-truth-set.py"))
truth = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(truth)

# Strings kept whole: they are what the test compares exactly.
KEEP_WHOLE = {"finish_reason", "role", "type", "object", "model", "service_tier", "code", "param", "message", "name"}
ID_KEYS = {"id", "system_fingerprint"}
SHORT = 40
# A 1x1 PNG stands in for large inline images: the replay compares shapes, not image token counts.
TINY_PNG = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
MAX_INLINE_DATA_URL = 4096


def shorten(value, key=None, in_error=False):
    """Keeps structure and types; long strings become a prefix plus the original length."""
    if isinstance(value, dict):
        return {k: shorten(v, k, in_error or k == "error") for k, v in value.items()}
    if isinstance(value, list):
        return [shorten(v, key, in_error) for v in value]
    if not isinstance(value, str):
        return value
    if in_error or key in KEEP_WHOLE:
        return value
    if key in ID_KEYS:
        match = re.match(r"^([A-Za-z]+[-_])", value)
        return (match.group(1) if match else "") + "…" if len(value) > 12 else value
    if key == "arguments" and len(value) <= 400:
        return value  # tool arguments stay parseable when they are short
    if len(value) > SHORT:
        return f"{value[:SHORT]}…[{len(value)} chars]"
    return value


def shrink_request_images(request):
    """Large inline images become a tiny PNG; returns a skip reason for parts the emulator cannot take offline."""
    for message in request.get("messages") or []:
        content = message.get("content") if isinstance(message, dict) else None
        if not isinstance(content, list):
            continue
        for part in content:
            if not isinstance(part, dict) or part.get("type") != "image_url":
                continue
            image = part.get("image_url")
            url = image if isinstance(image, str) else (image or {}).get("url", "")
            if url.startswith("data:") and len(url) > MAX_INLINE_DATA_URL:
                if isinstance(image, str):
                    part["image_url"] = TINY_PNG
                else:
                    image["url"] = TINY_PNG
    if len(json.dumps(request)) > 200_000:
        return "request over 200 kB"
    return None


def header_values(headers):
    out = {}
    for name, value in (headers or {}).items():
        if isinstance(value, list):
            value = value[0] if value else None
        out[str(name).lower()] = value
    return out


def selected_headers(headers):
    values = header_values(headers)
    return {
        "content-type": values.get("content-type"),
        "openai": sorted(name for name in values if name.startswith("openai-")),
        "x-request-id": "x-request-id" in values,
    }


def parse_sse(text):
    chunks = []
    for line in text.splitlines():
        if not line.startswith("data:"):
            continue
        data = line[5:].strip()
        if data == "[DONE]":
            chunks.append("[DONE]")
            continue
        parsed = truth.parse_json(data)
        if parsed is None:
            return None
        chunks.append(parsed)
    return chunks


def chunk_signature(chunk):
    """The shape of a chunk, for collapsing long runs of content chunks."""
    if not isinstance(chunk, dict):
        return chunk
    choices = chunk.get("choices") or []
    return json.dumps([sorted((c.get("delta") or {}).keys()) + [c.get("finish_reason") is None] for c in choices]
                      + [sorted(chunk.keys())])


def collapse_runs(chunks):
    """Runs of more than 4 chunks of the same shape keep their first 2 and last 1; returns (chunks, elided)."""
    out, elided, i = [], [], 0
    while i < len(chunks):
        j = i
        while j + 1 < len(chunks) and chunk_signature(chunks[j + 1]) == chunk_signature(chunks[i]):
            j += 1
        run = chunks[i:j + 1]
        if len(run) > 4:
            out.extend(run[:2])
            elided.append({"after": len(out) - 1, "count": len(run) - 3})
            out.append(run[-1])
        else:
            out.extend(run)
        i = j + 1
    return out, elided


def response_of(response):
    """(status, kind, body) of a recorded response, or None when its body was not recorded."""
    status = response.get("status")
    status = status.get("code") if isinstance(status, dict) else status
    text = response.get("parsed_body")
    if text is None:
        text = truth.body_text(response.get("body"))
    if isinstance(text, dict) and set(text) == {"type", "content"}:  # pydantic-ai's {type: json|text, content}
        text = text["content"]
    if isinstance(text, (dict, list)):
        return status, "json", text
    if not isinstance(text, str) or not text.strip():
        return None
    stripped = text.lstrip()
    if stripped.startswith("data:") or "\ndata:" in text:
        chunks = parse_sse(text)
        return (status, "sse", chunks) if chunks else None
    body = truth.parse_json(text)
    return (status, "json", body) if isinstance(body, dict) else None


def family(model):
    model = str(model or "")
    return re.sub(r"-(\d{4}-\d{2}-\d{2}|\d{4})$", "", model)


def answer_kind(kind, body):
    """What the model chose: text, tool calls (how many), a refusal, or the error code."""
    if kind == "json" and isinstance(body, dict) and "error" in body:
        error = body.get("error") or {}
        return f"error:{error.get('type')}:{error.get('code')}:{error.get('param')}"
    choices = []
    if kind == "json":
        choices = [c.get("message") or {} for c in body.get("choices") or []]
        finish = [c.get("finish_reason") for c in body.get("choices") or []]
    else:
        finish = []
        calls = set()
        for chunk in body:
            if not isinstance(chunk, dict):
                continue
            for choice in chunk.get("choices") or []:
                delta = choice.get("delta") or {}
                for call in delta.get("tool_calls") or []:
                    calls.add((choice.get("index"), call.get("index")))
                if choice.get("finish_reason"):
                    finish.append(choice["finish_reason"])
        return f"stream:{','.join(finish)}:{len(calls)} calls"
    calls = sum(len(m.get("tool_calls") or []) for m in choices)
    return f"json:{','.join(str(f) for f in finish)}:{min(calls, 2)} calls"


def exchange_class(request, status, kind, body):
    response_format = request.get("response_format")
    return json.dumps([
        family(request.get("model")), bool(request.get("stream")), bool(request.get("tools") or request.get("functions")),
        (response_format or {}).get("type") if isinstance(response_format, dict) else None,
        request.get("n", 1), status, answer_kind(kind, body),
        bool((request.get("stream_options") or {}).get("include_usage")) if isinstance(request.get("stream_options"), dict) else None,
    ])


def interactions(gitdir, history, skipped):
    found = list(truth.blobs(gitdir, history))
    contents = {}
    for start in range(0, len(found), 500):
        contents.update(truth.read_blobs(gitdir, [sha for _, sha, _ in found[start:start + 500]]))
    for path, sha, commit in found:
        text = contents.get(sha)
        if text is None:
            skipped["file missing from the mirror"] += 1
            continue
        if b"api.openai.com" not in text or b"chat/completions" not in text:
            continue
        try:
            cassette = yaml.load(text, Loader=truth.Loader) if not path.endswith(".json") else json.loads(text)
        except Exception:
            skipped["unparseable cassette"] += 1
            continue
        for index, interaction in enumerate((cassette.get("interactions") if isinstance(cassette, dict) else None) or []):
            request = interaction.get("request") or {}
            uri = request.get("uri") or ""
            if "api.openai.com" in uri and uri.split("?")[0].rstrip("/").endswith("/chat/completions"):
                yield path, commit, index, interaction


def main():
    gitdir, repo, out_path = sys.argv[1:4]
    history = "--history" in sys.argv
    per_class = int(sys.argv[sys.argv.index("--per-class") + 1]) if "--per-class" in sys.argv else 3
    skipped = collections.Counter()
    classes = collections.Counter()
    seen_requests = set()
    commit_dates = {}
    entries = []
    for path, commit, index, interaction in interactions(gitdir, history, skipped):
        request = interaction.get("request") or {}
        body = request.get("parsed_body")
        if body is None:
            body = truth.parse_json(truth.body_text(request.get("body")))
        if isinstance(body, dict) and set(body) == {"type", "content"}:  # pydantic-ai's {type: json, content}
            body = body["content"]
        recorded = response_of(interaction.get("response") or {})
        if not isinstance(body, dict) or recorded is None:
            skipped["request or response body not recorded"] += 1
            continue
        status, kind, response_body = recorded
        if kind == "json" and status == 200 and not str(response_body.get("id", "")).startswith("chatcmpl-"):
            skipped["not a real completion (mock)"] += 1
            continue
        if kind == "sse" and not any(isinstance(c, dict) and str(c.get("id", "")).startswith("chatcmpl-") for c in response_body):
            skipped["not a real stream (mock)"] += 1
            continue
        if truth.REDACTION.search(json.dumps(body.get("messages"), ensure_ascii=False)):
            skipped["redacted or truncated content"] += 1
            continue
        reason = shrink_request_images(body)
        if reason:
            skipped[reason] += 1
            continue
        key = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
        if key in seen_requests:
            skipped["duplicate request"] += 1
            continue
        seen_requests.add(key)
        klass = exchange_class(body, status, kind, response_body)
        if classes[klass] >= per_class:
            skipped[f"class already has {per_class}"] += 1
            continue
        classes[klass] += 1
        headers = (interaction.get("response") or {}).get("headers")
        created = None
        if kind == "json":
            response = shorten(response_body)
            created = response_body.get("created")
        else:
            chunks, elided = collapse_runs(response_body)
            response = {"chunks": shorten(chunks), "elided": elided}
            created = next((c.get("created") for c in response_body if isinstance(c, dict) and c.get("created")), None)
        name = re.sub(r"\.(ya?ml|json)$", "", path.rsplit("/", 1)[-1])
        if isinstance(created, (int, float)):
            date = datetime.datetime.fromtimestamp(created, datetime.timezone.utc).strftime("%Y-%m-%d")
        else:  # errors carry no `created`: the date of a commit holding the cassette, an upper bound
            if commit not in commit_dates:
                commit_dates[commit] = truth.git(gitdir, "show", "-s", "--format=%cs", commit).decode().strip()
            date = commit_dates[commit]
        entry = {
            "id": f"{repo.split('/')[1]}/{name}#{index}",
            "date": date,
            "date_from": "response" if isinstance(created, (int, float)) else "commit",
            "source": {"repo": repo, "path": path, "commit": commit},
            "request": body,
            "status": status,
            "headers": selected_headers(headers),
            "kind": kind,
            "response": response,
        }
        ids = {e["id"] for e in entries}
        suffix = 1
        while entry["id"] in ids:
            suffix += 1
            entry["id"] = f"{repo.split('/')[1]}/{name}#{index}.{suffix}"
        entries.append(entry)
    with open(out_path, "w", encoding="utf-8") as out:
        for entry in entries:
            out.write(json.dumps(entry, ensure_ascii=False) + "\n")
    print(f"{repo}: {len(entries)} kept in {len(classes)} classes; skipped {dict(skipped)}", file=sys.stderr)


if __name__ == "__main__":
    main()
