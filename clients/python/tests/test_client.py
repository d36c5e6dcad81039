"""The Python client against a live server (RNNLAB_URL; started by tests/python-client.test.ts in CI).

Run by hand:  RNNLAB_URL=http://127.0.0.1:8080 PYTHONPATH=clients/python python3 -m unittest discover -s clients/python/tests
"""
import io
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import rnnlab  # noqa: E402
from rnnlab import _ws  # noqa: E402

URL = os.environ.get("RNNLAB_URL")


@unittest.skipUnless(URL, "RNNLAB_URL is not set (no live server)")
class ClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.c = rnnlab.Client(URL)

    def test_models(self):
        kinds = [m["kind"] for m in self.c.models()]
        self.assertIn("hopfield", kinds)
        self.assertIn("integrator", kinds)

    def test_session_run_recording(self):
        s = self.c.create_session("integrator", config={"size": 10, "saccades": [{"onset": 5, "amplitude": 10, "duration": 10}]}, seed=3)
        run = s.run(200, record=["eyePosition", "rates"], record_every=2)
        self.assertEqual(run["status"], "done")
        self.assertIn("driftTimeConstant", run["metrics"])
        rec = s.recording(run["id"])
        self.assertEqual(rec.t.shape, (100,))
        self.assertEqual(rec["eyePosition"].shape, (100,))
        self.assertEqual(rec["rates"].shape, (100, 10))
        self.assertEqual(rec.meta["seed"], 3)
        s.reset()
        self.assertEqual(s.info["step"], 0)
        s.delete()
        with self.assertRaises(rnnlab.RnnlabError) as cm:
            self.c.session(s.id)
        self.assertEqual(cm.exception.status, 404)
        self.assertEqual(cm.exception.code, "RNN_ERR_NOT_FOUND")

    def test_validation_error(self):
        with self.assertRaises(rnnlab.RnnlabError) as cm:
            self.c.create_session("integrator", config={"size": -1})
        self.assertEqual(cm.exception.status, 400)
        self.assertTrue(any("size" in e["path"] for e in cm.exception.errors))

    def test_stream_frames_binary_and_json(self):
        s = self.c.create_session("integrator", config={"size": 8}, seed=1)
        for encoding in ("binary", "json"):
            frames = list(s.stream(50, frame_every=10, encoding=encoding))
            self.assertGreater(len(frames), 0)
            last = frames[-1]
            self.assertEqual(last.session, s.id)
            self.assertEqual(last["rates"].shape, (8,))
            self.assertEqual(last["rates"].dtype, np.float32)
            self.assertTrue(any(e.get("type") == "run" and e.get("status") == "done" for e in s.events))
        self.assertEqual(s.refresh()["step"], 100)

    def test_stdlib_websocket(self):
        s = self.c.create_session("integrator", config={"size": 4}, seed=1)
        conn = _ws.connect(self.c._ws_url(f"/v1/sessions/{s.id}/stream"), force_stdlib=True, timeout=10)
        is_binary, hello = conn.recv()
        self.assertFalse(is_binary)
        self.assertIn('"hello"', hello)
        conn.send_text('{"type":"state"}')
        _, state = conn.recv()
        self.assertIn('"state"', state)
        conn.close()

    def test_train(self):
        s = self.c.create_session("hopfield", config={"size": 100, "patterns": {"type": "random", "count": 5}}, seed=2)
        r = s.train(recall={"patterns": 5, "flip": 0.1})
        self.assertEqual(r["status"], "done")
        self.assertEqual(r["metrics"]["patternsStored"], 5)

    def test_experiment(self):
        out = io.StringIO()
        exp = self.c.experiment(
            "integrator",
            config={"form": "network", "size": 10, "noise": 0, "saccades": [{"onset": 10, "amplitude": 10, "duration": 20}]},
            grid={"lambda": {"start": 0.9, "stop": 1.1, "num": 3}, "size": [10, -1]},
            seeds=2,
            run={"steps": 200},
            metrics=["driftTimeConstant", "driftDirection"],
            progress=False,
        )
        self.assertEqual(exp.status, "done")
        self.assertEqual(exp.info["progress"]["done"], 6)
        self.assertEqual(exp.info["progress"]["failed"], 6)
        res = exp.results()
        self.assertEqual(len(res), 12)
        self.assertEqual(res.params, ["lambda", "size"])
        self.assertEqual(res["driftTimeConstant"].dtype, float)
        self.assertEqual(res["driftDirection"].dtype, object)
        failed = res["status"] == "failed"
        self.assertTrue(np.all(res["size"][failed] == -1))
        self.assertTrue(all("config.size" in e for e in res["error"][failed]))
        a, axes = exp.array("driftTimeConstant")
        self.assertEqual(a.shape, (3, 2, 2))
        self.assertEqual(axes["lambda"], [0.9, 1.0, 1.1])
        self.assertTrue(np.all(np.isnan(a[:, 1, :])))
        arr, names = exp.to_numpy()
        self.assertEqual(arr.shape, (12, len(names)))
        self.assertIn("driftTimeConstant", names)
        self.assertTrue(exp.csv().startswith("index,lambda,size,seed,status"))
        self.assertEqual(exp.arrow()[:6], b"ARROW1")
        try:
            import pandas  # noqa: F401
        except ImportError:
            pass
        else:
            df = exp.to_pandas()
            self.assertEqual(len(df), 12)
        # A rerun gives the same numbers.
        again = self.c.experiment(**{k: v for k, v in exp.info["request"].items() if k in ("model", "config", "grid", "seeds", "run", "metrics")}, progress=False)
        np.testing.assert_array_equal(again.results()["driftTimeConstant"], res["driftTimeConstant"])

    def test_experiment_progress_and_cancel(self):
        out = io.StringIO()
        exp = self.c.experiment(
            "hopfield",
            config={"size": 200, "patterns": {"type": "random", "count": 20}},
            grid={"cue.flip": {"start": 0.0, "stop": 0.5, "num": 200}},
            run={"steps": 20},
            wait=False,
        )
        exp.cancel()
        self.assertEqual(exp.status, "cancelled")
        bar = rnnlab.progress.Progress(10, desc="x", file=out)
        bar._bar = None  # the text bar, whether or not tqdm is installed
        bar.update_to(10)
        bar.close()
        self.assertIn("10/10", out.getvalue())
        small = self.c.experiment("hopfield", config={"size": 50}, grid={"cue.flip": [0.1, 0.2]}, run={"steps": 5}, progress=True)
        self.assertEqual(small.status, "done")


if __name__ == "__main__":
    unittest.main()
