#!/usr/bin/env python3
"""Collects real Chat Completions exchanges from vcrpy cassettes in a git mirror into truth-set JSONL.

Usage: collect-truth-set.py <git-dir> <owner/name> <out.jsonl> [--history]

Reads every YAML cassette blob (HEAD, or every version in history with --history), keeps the interactions that
POSTed to https://api.openai.com/v1/chat/completions and got a real response (a chatcmpl- id and a usage object
with prompt_tokens), and writes one line per distinct request: { id, model, date, source, request, usage }.
Skipped interactions are counted by reason on stderr.
"""
import base64, collections, datetime, gzip, hashlib, json, re, struct, subprocess, sys, zlib

import yaml

IRRELEVANT = {"temperature", "top_p", "n", "stream", "stream_options", "max_tokens", "max_completion_tokens", "seed",
              "user", "store", "metadata", "frequency_penalty", "presence_penalty", "logit_bias", "stop",
              "service_tier", "logprobs", "top_logprobs", "prompt_cache_key", "safety_identifier"}
REDACTION = re.compile(r"REDACTED|\[truncated\]|<truncated>|\.\.\.\(truncated|FILTERED", re.I)
MAX_INLINE_DATA_URL = 4096


class Loader(yaml.SafeLoader):
    pass


def git(gitdir, *args, input=None):
    return subprocess.run(["git", "--git-dir", gitdir, *args], input=input, capture_output=True, check=True).stdout


def blobs(gitdir, history):
    """Yields (path, blob sha, commit) for cassette-like files."""
    wanted = re.compile(r"\.(ya?ml|json)$")
    head = git(gitdir, "rev-parse", "HEAD").decode().strip()
    seen = set()

    def relevant(path):
        lower = path.lower()
        return wanted.search(path) and any(word in lower for word in ("cassette", "fixture", "recording"))

    for line in git(gitdir, "ls-tree", "-r", head).decode("utf-8", "replace").splitlines():
        meta, path = line.split("\t", 1)
        _, kind, sha = meta.split()
        if kind == "blob" and relevant(path) and sha not in seen:
            seen.add(sha)
            yield path, sha, head
    if not history:
        return
    # Earlier versions of the cassettes: every blob a commit added or modified (newest first).
    commit = None
    log = git(gitdir, "log", "--all", "--raw", "--no-abbrev", "--no-renames", "--diff-filter=AM", "--format=C %H")
    for line in log.decode("utf-8", "replace").splitlines():
        if line.startswith("C "):
            commit = line[2:]
        elif line.startswith(":"):
            meta, path = line.split("\t", 1)
            sha = meta.split()[3]
            if relevant(path) and sha not in seen:
                seen.add(sha)
                yield path, sha, commit


def read_blobs(gitdir, shas):
    out = git(gitdir, "cat-file", "--batch", input="\n".join(shas).encode() + b"\n")
    result, i = {}, 0
    for sha in shas:
        header_end = out.index(b"\n", i)
        parts = out[i:header_end].split()
        if len(parts) < 3:  # "<sha> missing": files the mirror left out (too big)
            i = header_end + 1
            continue
        size = int(parts[2])
        result[sha] = out[header_end + 1:header_end + 1 + size]
        i = header_end + 1 + size + 1
    return result


def body_text(body):
    if body is None:
        return None
    if isinstance(body, dict):
        if "string" in body:
            body = body["string"]
        else:
            return body
    if isinstance(body, bytes):
        for decode in (gzip.decompress, lambda b: zlib.decompress(b, 16 + zlib.MAX_WBITS), lambda b: b):
            try:
                body = decode(body)
                break
            except Exception:
                continue
        body = body.decode("utf-8", "replace")
    return body


def parse_json(value):
    if isinstance(value, (dict, list)):
        return value
    if not isinstance(value, str):
        return None
    try:
        return json.loads(value)
    except Exception:
        return None


def parse_response(response):
    parsed = response.get("parsed_body")
    if parsed is None:
        parsed = response.get("body")
        parsed = body_text(parsed) if not isinstance(parsed, dict) or "string" in parsed else parsed
    data = parse_json(parsed)
    if isinstance(data, dict):
        return data
    if isinstance(parsed, str) and "data:" in parsed:
        merged = {}
        for line in parsed.splitlines():
            if not line.startswith("data:"):
                continue
            chunk = parse_json(line[5:].strip())
            if not isinstance(chunk, dict):
                continue
            for key in ("id", "model", "created", "system_fingerprint", "object"):
                if chunk.get(key) is not None:
                    merged.setdefault(key, chunk[key])
            if chunk.get("usage"):
                merged["usage"] = chunk["usage"]
        return merged
    return None


def image_size(data: bytes):
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return struct.unpack(">II", data[16:24])
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return struct.unpack("<HH", data[6:10])
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        chunk = data[12:16]
        if chunk == b"VP8X":
            w = int.from_bytes(data[24:27], "little") + 1
            h = int.from_bytes(data[27:30], "little") + 1
            return w, h
        if chunk == b"VP8 ":
            w, h = struct.unpack("<HH", data[26:30])
            return w & 0x3FFF, h & 0x3FFF
        if chunk == b"VP8L":
            b = data[21:25]
            w = 1 + (((b[1] & 0x3F) << 8) | b[0])
            h = 1 + (((b[3] & 0xF) << 10) | (b[2] << 2) | ((b[1] & 0xC0) >> 6))
            return w, h
    if data[:2] == b"\xff\xd8":
        i = 2
        while i < len(data):
            if data[i] != 0xFF:
                i += 1
                continue
            marker = data[i + 1]
            if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
                i += 2
                continue
            length = struct.unpack(">H", data[i + 2:i + 4])[0]
            if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
                h, w = struct.unpack(">HH", data[i + 5:i + 9])
                return w, h
            i += 2 + length
    return None


def shrink_images(request, sizes):
    """Replaces big data URLs by a digest and records each image's size. Returns a skip reason or None."""
    for message in request.get("messages") or []:
        content = message.get("content")
        if not isinstance(content, list):
            continue
        for part in content:
            if not isinstance(part, dict):
                continue
            kind = part.get("type")
            if kind in ("text", "refusal"):
                continue
            if kind != "image_url":
                return f"content part {kind}"
            image = part.get("image_url")
            url = image if isinstance(image, str) else (image or {}).get("url", "")
            if not url.startswith("data:"):
                return "image by http URL (size unknown)"
            try:
                raw = base64.b64decode(url.split(",", 1)[1] + "==")
            except Exception:
                return "unreadable image data"
            size = image_size(raw)
            if not size:
                return "unreadable image data"
            if len(url) > MAX_INLINE_DATA_URL:
                mime = url[5:url.index(";")] if ";" in url else "image"
                url = f"data:{mime};sha256,{hashlib.sha256(raw).hexdigest()}"
                if isinstance(image, str):
                    part["image_url"] = url
                else:
                    image["url"] = url
            sizes[url] = {"width": size[0], "height": size[1]}
    return None


def main():
    gitdir, repo, out_path = sys.argv[1:4]
    history = "--history" in sys.argv
    skipped = collections.Counter()
    entries, keys = [], {}
    found = list(blobs(gitdir, history))
    contents = {}
    for start in range(0, len(found), 500):
        contents.update(read_blobs(gitdir, [sha for _, sha, _ in found[start:start + 500]]))
    for path, sha, commit in found:
        text = contents.get(sha)
        if text is None:
            skipped["file missing from the mirror"] += 1
            continue
        if b"api.openai.com" not in text or b"chat/completions" not in text:
            continue
        try:
            cassette = yaml.load(text, Loader=Loader) if not path.endswith(".json") else json.loads(text)
        except Exception:
            skipped["unparseable cassette"] += 1
            continue
        interactions = cassette.get("interactions") if isinstance(cassette, dict) else None
        for index, interaction in enumerate(interactions or []):
            request = interaction.get("request") or {}
            uri = request.get("uri") or ""
            if "api.openai.com" not in uri or not uri.rstrip("/").endswith("/chat/completions"):
                continue
            body = request.get("parsed_body")
            if body is None:
                body = parse_json(body_text(request.get("body")))
            response = parse_response(interaction.get("response") or {})
            if not isinstance(body, dict) or not response:
                skipped["request or response body not recorded"] += 1
                continue
            usage = response.get("usage")
            if not str(response.get("id", "")).startswith("chatcmpl-") or not isinstance(usage, dict) or "prompt_tokens" not in usage:
                skipped["no real usage (mock, error or stream without usage)"] += 1
                continue
            if not ("system_fingerprint" in response or "prompt_tokens_details" in usage):
                skipped["no real usage (mock, error or stream without usage)"] += 1
                continue
            kept = {k: v for k, v in body.items() if k not in IRRELEVANT}
            if REDACTION.search(json.dumps(kept.get("messages"), ensure_ascii=False)):
                skipped["redacted or truncated content"] += 1
                continue
            sizes = {}
            reason = shrink_images(kept, sizes)
            if reason:
                skipped[reason] += 1
                continue
            key = json.dumps(kept, sort_keys=True, ensure_ascii=False)
            if key in keys:
                other = entries[keys[key]]
                if other["usage"]["prompt_tokens"] != usage["prompt_tokens"]:
                    other.setdefault("conflicting_prompt_tokens", []).append(usage["prompt_tokens"])
                skipped["duplicate request"] += 1
                continue
            created = response.get("created")
            date = datetime.datetime.fromtimestamp(created, datetime.timezone.utc).strftime("%Y-%m-%d") if isinstance(created, (int, float)) else None
            name = re.sub(r"\.(ya?ml|json)$", "", path.rsplit("/", 1)[-1])
            entry = {
                "id": f"{repo.split('/')[1]}/{name}#{index}",
                "model": response.get("model"),
                "date": date,
                "source": {"repo": repo, "path": path, "commit": commit,
                           "url": f"https://github.com/{repo}/blob/{commit}/{path}"},
                "request": kept,
                "usage": usage,
            }
            if sizes:
                entry["image_sizes"] = sizes
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
