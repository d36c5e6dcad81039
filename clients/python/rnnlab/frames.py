"""Binary frames of the session stream (layout in src/streaming/frame-codec.ts), little-endian:

offset 0 "RNF1"; 4 uint32 H (JSON header length, padded to 4); 8 float64 t; 16 float64 step; 24 the JSON header
{"session","run","fields":[{"name","offset","length"}]}; 24+H float32 payload (field i at payload[offset:offset+length]).
"""
from __future__ import annotations

import json
import struct
from dataclasses import dataclass, field

import numpy as np

MAGIC = b"RNF1"


@dataclass
class Frame:
    session: str
    run: str | None
    step: int
    t: float
    fields: dict = field(default_factory=dict)

    def __getitem__(self, name: str):
        return self.fields[name]


def decode_frame(buf: bytes) -> Frame:
    if buf[:4] != MAGIC:
        raise ValueError("not an rnnlab frame")
    (h,) = struct.unpack_from("<I", buf, 4)
    t, step = struct.unpack_from("<dd", buf, 8)
    meta = json.loads(buf[24 : 24 + h].decode("utf-8"))
    payload = np.frombuffer(buf, dtype="<f4", offset=24 + h)
    fields = {}
    for f in meta["fields"]:
        v = payload[f["offset"] : f["offset"] + f["length"]]
        fields[f["name"]] = float(v[0]) if f["length"] == 1 else v.copy()
    return Frame(meta.get("session"), meta.get("run"), int(step), t, fields)


def frame_from_json(msg: dict) -> Frame:
    fields = {k: (np.asarray(v, dtype=np.float32) if isinstance(v, list) else float(v)) for k, v in msg["fields"].items()}
    return Frame(msg.get("session"), msg.get("run"), int(msg["step"]), float(msg["t"]), fields)
