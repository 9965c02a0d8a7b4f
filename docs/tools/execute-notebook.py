"""Executes one notebook in a real Jupyter kernel with nbclient, for docs/src/execute.ts.

Usage: execute-notebook.py IN.ipynb OUT.ipynb CWD KERNEL_NAME
Writes the executed notebook to OUT even when a cell fails (the cells after it keep no output), and exits 1 then,
naming the cell on stderr. A cell tagged `raises-exception` may fail: its error is its output.
"""
import queue
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbclient.util import run_sync

source, target, cwd, kernel_name = sys.argv[1:5]
notebook = nbformat.read(source, as_version=4)
client = NotebookClient(
    notebook,
    timeout=180,
    kernel_name=kernel_name,
    resources={"metadata": {"path": cwd}},
    record_timing=False,
)


def append_stream(cell, name, text):
    outputs = cell.outputs
    if outputs and outputs[-1].get("output_type") == "stream" and outputs[-1].get("name") == name:
        outputs[-1]["text"] += text
    else:
        outputs.append(nbformat.v4.new_output("stream", name=name, text=text))


async def barrier(cell, number):
    """Waits until everything the kernel printed so far has arrived, and gives the late part to `cell`.

    Deno's kernel forwards stdout on its own task and only sleeps a few milliseconds before reporting a cell idle, so on
    a busy machine a cell's last lines can arrive after nbclient has moved on (and would be dropped). Its stdout is one
    ordered stream: once a marker printed by a later request arrives, everything printed before it has arrived too.
    """
    marker = f"__tessera_barrier_{number}__"
    request = client.kc.execute(f'console.log("{marker}")', store_history=False)
    seen_marker = idle = False
    deadline = time.monotonic() + 120
    while not (seen_marker and idle):
        message = await client.kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
        kind = message["msg_type"]
        if kind == "status" and message["parent_header"].get("msg_id") == request:
            idle = idle or message["content"]["execution_state"] == "idle"
        elif kind == "stream":
            text = message["content"]["text"]
            if marker in text:
                seen_marker = True
                text = text.replace(marker + "\n", "").replace(marker, "")
            if text and cell is not None:
                append_stream(cell, message["content"]["name"], text)


status = 0
with client.setup_kernel():
    # ZeroMQ's slow joiner: a kernel's first output can be published before this client's IOPub subscription is
    # live, and is then lost (seen with Deno's kernel on a cold start). Run a probe until its output arrives.
    for _ in range(50):
        probe = nbformat.v4.new_code_cell('console.log("ready")')
        notebook.cells.append(probe)  # execute_cell stores the cell at its index: give the probe its own
        client.execute_cell(probe, len(notebook.cells) - 1, store_history=False)
        notebook.cells.pop()
        if any("ready" in output.get("text", "") for output in probe.outputs):
            break
    else:
        sys.stderr.write("the kernel never showed a probe's output\n")
        sys.exit(2)
    try:
        run_sync(barrier)(None, 0)
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type != "code":
                continue
            try:
                client.execute_cell(cell, index)
            except CellExecutionError as error:
                sys.stderr.write(f"cell {index} ({cell.get('id', '?')}) failed:\n{error}\n")
                status = 1
                break
            finally:
                run_sync(barrier)(cell, index + 1)
    except queue.Empty:
        sys.stderr.write("the kernel stopped answering (no output for 120 s)\n")
        status = 1

nbformat.write(notebook, target)
sys.exit(status)
