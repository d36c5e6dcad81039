"""A small synchronous client for the rnnlab server (usable as is in Jupyter: no asyncio in user code).

    import rnnlab
    c = rnnlab.Client("http://127.0.0.1:8080")            # token="…" when the server has tokens
    s = c.create_session("integrator", config={"size": 50}, seed=1)
    run = s.run(1000)                                      # waits; run["metrics"]
    rec = s.recording(run["id"])                           # numpy arrays: rec.t, rec["eyePosition"]
    for frame in s.stream(500, fps=30): ...                # frames as numpy arrays while a run goes on
    exp = c.experiment("hopfield", grid={"patterns.load": [0.05, 0.1, 0.15]}, seeds=4, run={"steps": 20})
    df = exp.to_pandas()                                   # or exp.results()["finalOverlap"], exp.array("finalOverlap")

Only numpy is required; pandas, pyarrow and tqdm are used when installed.
"""
from __future__ import annotations

import io
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Iterator

import numpy as np

from . import _ws
from .frames import Frame, decode_frame, frame_from_json
from .progress import Progress

TERMINAL = ("done", "cancelled", "failed")


class RnnlabError(Exception):
    """An error answer of the server (application/problem+json): status, code, detail and field errors."""

    def __init__(self, status: int, code: str | None, detail: str, errors: list | None = None, body: Any = None):
        super().__init__(f"{status} {code or ''}: {detail}".strip())
        self.status = status
        self.code = code
        self.detail = detail
        self.errors = errors or []
        self.body = body


class Client:
    def __init__(self, url: str = "http://127.0.0.1:8080", token: str | None = None, timeout: float = 600):
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout

    # ---- HTTP
    def _headers(self, extra: dict | None = None) -> dict:
        h = {"Accept": "application/json"}
        if self.token:
            h["Authorization"] = f"Bearer {self.token}"
        if extra:
            h.update(extra)
        return h

    def request(self, method: str, path: str, body: Any = None, query: dict | None = None, raw: bool = False):
        url = self.url + path
        if query:
            url += "?" + urllib.parse.urlencode({k: v for k, v in query.items() if v is not None})
        data = None
        headers = self._headers()
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        req = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as res:
                payload = res.read()
                if raw:
                    return payload, dict(res.headers)
                if not payload:
                    return None
                return json.loads(payload)
        except urllib.error.HTTPError as e:
            text = e.read().decode("utf-8", "replace")
            try:
                p = json.loads(text)
            except ValueError:
                p = {"detail": text}
            raise RnnlabError(e.code, p.get("code"), p.get("detail") or p.get("message") or text, p.get("errors"), p) from None

    def _ws_url(self, path: str, query: dict | None = None) -> str:
        u = urllib.parse.urlsplit(self.url)
        scheme = "wss" if u.scheme == "https" else "ws"
        q = dict(query or {})
        if self.token:
            q["token"] = self.token
        qs = ("?" + urllib.parse.urlencode(q)) if q else ""
        return f"{scheme}://{u.netloc}{u.path}{path}{qs}"

    # ---- models
    def models(self) -> list:
        return self.request("GET", "/v1/models")["models"]

    def model(self, kind: str) -> dict:
        return self.request("GET", f"/v1/models/{kind}")

    # ---- sessions
    def create_session(self, model: str, config: dict | None = None, seed: int | None = None, name: str | None = None, preset: str | None = None) -> "Session":
        body: dict = {"model": model}
        if config is not None:
            body["config"] = config
        if seed is not None:
            body["seed"] = seed
        if name is not None:
            body["name"] = name
        if preset is not None:
            body["preset"] = preset
        return Session(self, self.request("POST", "/v1/sessions", body))

    def session(self, session_id: str) -> "Session":
        return Session(self, self.request("GET", f"/v1/sessions/{session_id}"))

    def sessions(self) -> list["Session"]:
        return [Session(self, s) for s in self.request("GET", "/v1/sessions")["sessions"]]

    # ---- experiments
    def experiment(
        self,
        model: str,
        grid: dict | None = None,
        config: dict | None = None,
        seeds: int | list = 1,
        run: dict | None = None,
        train: dict | None = None,
        metrics: list | None = None,
        name: str | None = None,
        wait: bool = True,
        progress: bool = True,
    ) -> "Experiment":
        """Start a sweep (every grid point × seed a task on the server's pool); by default wait with a progress bar."""
        body: dict = {"model": model, "grid": grid or {}, "seeds": seeds}
        for k, v in (("config", config), ("run", run), ("train", train), ("metrics", metrics), ("name", name)):
            if v is not None:
                body[k] = v
        exp = Experiment(self, self.request("POST", "/v1/experiments", body))
        if wait:
            exp.wait(progress=progress)
        return exp

    def get_experiment(self, experiment_id: str) -> "Experiment":
        return Experiment(self, self.request("GET", f"/v1/experiments/{experiment_id}", query={"results": "false"}))

    def experiments(self) -> list["Experiment"]:
        return [Experiment(self, e) for e in self.request("GET", "/v1/experiments")["experiments"]]


class Recording:
    """A run's recording: ``t``, ``step`` and every recorded field as a numpy array (samples, or samples × width)."""

    def __init__(self, t: np.ndarray, step: np.ndarray, fields: dict, meta: dict):
        self.t = t
        self.step = step
        self.fields = fields
        self.meta = meta

    def __getitem__(self, name: str) -> np.ndarray:
        return self.fields[name]

    def keys(self):
        return self.fields.keys()

    def __repr__(self) -> str:
        shapes = ", ".join(f"{k}{tuple(v.shape)}" for k, v in self.fields.items())
        return f"Recording({len(self.t)} samples: {shapes})"


class Session:
    def __init__(self, client: Client, info: dict):
        self.client = client
        self.info = info
        self.id = info["id"]

    def __repr__(self) -> str:
        return f"Session({self.id}, model={self.info.get('model')}, step={self.info.get('step')})"

    def refresh(self) -> dict:
        self.info = self.client.request("GET", f"/v1/sessions/{self.id}")
        return self.info

    def state(self) -> dict:
        return self.client.request("GET", f"/v1/sessions/{self.id}/state")

    def set_live(self, **params) -> dict:
        self.info = self.client.request("PATCH", f"/v1/sessions/{self.id}", {"live": params})
        return self.info

    def reset(self) -> dict:
        self.info = self.client.request("POST", f"/v1/sessions/{self.id}/reset")
        return self.info

    def delete(self) -> None:
        self.client.request("DELETE", f"/v1/sessions/{self.id}")

    def _run_body(self, steps, inputs, record, record_every, frame_every, fps, live) -> dict:
        body: dict = {"steps": steps, "inputs": inputs or [], "recordEvery": record_every, "frameEvery": frame_every}
        if record is not None:
            body["record"] = record
        if fps is not None:
            body["fps"] = fps
        if live is not None:
            body["live"] = live
        return body

    def run(self, steps: int, inputs: list | None = None, record: list | None = None, record_every: int = 1, frame_every: int = 1, fps: float | None = None, live: dict | None = None, wait: bool = True) -> dict:
        """Run steps on the server; with wait (default) the finished run (status, metrics), else the queued one."""
        body = self._run_body(steps, inputs, record, record_every, frame_every, fps, live)
        body["wait"] = wait
        return self.client.request("POST", f"/v1/sessions/{self.id}/runs", body)

    def train(self, wait: bool = True, **request) -> dict:
        """Train (the body follows the kind's trainSchema); returns the run with its metrics and curves."""
        return self.client.request("POST", f"/v1/sessions/{self.id}/train", request, query={"wait": "true" if wait else "false"})

    def get_run(self, run_id: str) -> dict:
        return self.client.request("GET", f"/v1/sessions/{self.id}/runs/{run_id}")

    def wait_run(self, run_id: str, poll: float = 0.05) -> dict:
        while True:
            r = self.get_run(run_id)
            if r["status"] in TERMINAL:
                return r
            time.sleep(poll)

    def cancel_run(self, run_id: str) -> dict:
        return self.client.request("DELETE", f"/v1/sessions/{self.id}/runs/{run_id}")

    def recording(self, run_id: str) -> Recording:
        """The run's recording as numpy arrays (downloaded as .npz: names and metadata are inside the file)."""
        data, _ = self.client.request("GET", f"/v1/sessions/{self.id}/runs/{run_id}/recording", query={"format": "npz"}, raw=True)
        with np.load(io.BytesIO(data), allow_pickle=False) as z:
            meta = json.loads(str(z["meta"]))
            fields = {k: z[k] for k in z.files if k not in ("t", "step", "meta")}
            return Recording(z["t"], z["step"], fields, meta)

    def stream(self, steps: int | None = None, inputs: list | None = None, record: list | None = None, record_every: int = 1, frame_every: int = 1, fps: float | None = None, live: dict | None = None, encoding: str = "binary", timeout: float = 600) -> Iterator[Frame]:
        """Yield frames (numpy arrays) from the session's stream. With ``steps``, start a run and stop when it ends;
        without, follow runs started elsewhere until the generator is closed. Events are kept in ``self.events``."""
        conn = _ws.connect(self.client._ws_url(f"/v1/sessions/{self.id}/stream", {"encoding": encoding}), self.client._headers(), timeout=timeout)
        self.events: list[dict] = []
        run_id = None
        try:
            hello_binary, hello = conn.recv()
            if hello is not None and not hello_binary:
                self.events.append(json.loads(hello))
            if steps is not None:
                body = self._run_body(steps, inputs, record, record_every, frame_every, fps, live)
                body["wait"] = False
                run_id = self.client.request("POST", f"/v1/sessions/{self.id}/runs", body)["id"]
            while True:
                is_binary, payload = conn.recv()
                if payload is None:
                    return
                if is_binary:
                    yield decode_frame(payload)
                    continue
                msg = json.loads(payload)
                if msg.get("type") == "frame":
                    yield frame_from_json(msg)
                    continue
                self.events.append(msg)
                if run_id and msg.get("type") == "run" and msg.get("run") == run_id and msg.get("status") in TERMINAL:
                    return
        finally:
            conn.close()


class Results:
    """An experiment's table: columns as numpy arrays (float for numbers, object for text), one row per task."""

    def __init__(self, body: dict):
        self.body = body
        self.params: list[str] = body["params"]
        self.metrics: list[str] = body["metrics"]
        rows = body["rows"]
        self.rows = rows
        cols: dict[str, list] = {"index": [r["index"] for r in rows]}
        for p in self.params:
            cols[p] = [r["params"].get(p) for r in rows]
        cols["seed"] = [r["seed"] for r in rows]
        cols["status"] = [r["status"] for r in rows]
        for m in self.metrics:
            cols[m] = [r["metrics"].get(m) for r in rows]
        cols["error"] = [r.get("error") for r in rows]
        cols["ms"] = [r.get("ms") for r in rows]
        self.columns = {k: _column(v) for k, v in cols.items()}

    def __getitem__(self, name: str) -> np.ndarray:
        return self.columns[name]

    def __len__(self) -> int:
        return len(self.rows)

    def keys(self):
        return self.columns.keys()

    def to_pandas(self):
        import pandas as pd  # optional dependency

        return pd.DataFrame({k: v for k, v in self.columns.items()})


def _column(values: list) -> np.ndarray:
    if all(v is None or isinstance(v, (int, float, bool)) for v in values):
        return np.array([np.nan if v is None else float(v) for v in values], dtype=float)
    return np.array(values, dtype=object)


class Experiment:
    def __init__(self, client: Client, info: dict):
        self.client = client
        self.info = info
        self.id = info["id"]

    def __repr__(self) -> str:
        p = self.info.get("progress", {})
        return f"Experiment({self.id}, {self.info.get('model')}, {self.info.get('status')}, {p.get('done')}/{self.info.get('total')})"

    @property
    def status(self) -> str:
        return self.info["status"]

    @property
    def total(self) -> int:
        return self.info["total"]

    def refresh(self) -> dict:
        self.info = self.client.request("GET", f"/v1/experiments/{self.id}", query={"results": "false"})
        return self.info

    def cancel(self) -> dict:
        self.info = self.client.request("DELETE", f"/v1/experiments/{self.id}")
        return self.info

    def wait(self, progress: bool = True, timeout: float | None = None) -> "Experiment":
        """Block until the experiment ends, with a progress bar (progress events over the WebSocket; polling if that fails)."""
        bar = Progress(self.total, desc=self.info.get("name") or f"{self.info.get('model')} sweep", enabled=progress)
        deadline = None if timeout is None else time.monotonic() + timeout
        try:
            try:
                self._wait_ws(bar, deadline)
            except (_ws.WebSocketError, OSError):
                pass
            while self.refresh()["status"] == "running":
                p = self.info["progress"]
                bar.update_to(p["done"] + p["failed"], p["failed"], p.get("etaSeconds"))
                if deadline is not None and time.monotonic() > deadline:
                    raise TimeoutError(f"experiment {self.id} still running")
                time.sleep(0.2)
            p = self.info["progress"]
            bar.update_to(p["done"] + p["failed"] + p["cancelled"], p["failed"], 0)
        finally:
            bar.close()
        return self

    def _wait_ws(self, bar: Progress, deadline: float | None) -> None:
        conn = _ws.connect(self.client._ws_url(f"/v1/experiments/{self.id}/stream"), self.client._headers(), timeout=30)
        try:
            while True:
                if deadline is not None and time.monotonic() > deadline:
                    raise TimeoutError(f"experiment {self.id} still running")
                try:
                    _, payload = conn.recv()
                except TimeoutError:
                    return  # fall back to polling
                if payload is None:
                    return
                ev = json.loads(payload)
                if ev.get("type") == "hello":
                    p = ev["progress"]
                    bar.update_to(p["done"] + p["failed"], p["failed"], p.get("etaSeconds"))
                elif ev.get("type") == "progress":
                    bar.update_to(ev["done"] + ev["failed"], ev["failed"], ev.get("etaSeconds"))
                elif ev.get("type") == "status":
                    return
        finally:
            conn.close()

    def results(self, all: bool = False) -> Results:
        """The table so far (finished rows; ``all=True`` also pending/running/cancelled ones)."""
        return Results(self.client.request("GET", f"/v1/experiments/{self.id}/results", query={"format": "json", "all": "true" if all else "false"}))

    def to_pandas(self, all: bool = False):
        return self.results(all=all).to_pandas()

    def to_numpy(self) -> tuple[np.ndarray, list[str]]:
        """The numeric columns as one float64 array (rows × columns) and their names (downloaded as .npy)."""
        data, headers = self.client.request("GET", f"/v1/experiments/{self.id}/results", query={"format": "npy"}, raw=True)
        names = json.loads({k.lower(): v for k, v in headers.items()}["x-rnnlab-columns"])
        arr = np.load(io.BytesIO(data), allow_pickle=False)
        return arr.reshape(-1, len(names)), names

    def arrow(self) -> bytes:
        """The table as Apache Arrow IPC (file format): ``pyarrow.ipc.open_file(pyarrow.BufferReader(b)).read_all()``."""
        data, _ = self.client.request("GET", f"/v1/experiments/{self.id}/results", query={"format": "arrow"}, raw=True)
        return data

    def csv(self) -> str:
        data, _ = self.client.request("GET", f"/v1/experiments/{self.id}/results", query={"format": "csv"}, raw=True)
        return data.decode("utf-8")

    def array(self, metric: str) -> tuple[np.ndarray, dict]:
        """``metric`` as an array shaped (values of param 1, …, values of param k, seeds), NaN where a task failed or
        has not run, with the axes' values: ``(a, {"patterns.load": [...], "seed": [...]})``."""
        res = self.results(all=True)
        axes: dict[str, list] = {}
        for p in res.params + ["seed"]:
            seen: list = []
            for v in (res[p] if p != "seed" else res["seed"]).tolist():
                if v not in seen:
                    seen.append(v)
            axes[p] = seen
        shape = tuple(len(v) for v in axes.values())
        out = np.full(int(np.prod(shape)), np.nan)
        vals = res[metric]
        ok = res["status"] == "done"
        for i in range(len(res)):
            idx = int(res["index"][i])
            if ok[i] and idx < out.size:
                try:
                    out[idx] = float(vals[i])
                except (TypeError, ValueError):
                    pass
        return out.reshape(shape), axes
