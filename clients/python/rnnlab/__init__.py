"""rnnlab: a small synchronous Python client for the rnnlab simulation server (see client.py)."""
from .client import Client, Experiment, Recording, Results, RnnlabError, Session
from .frames import Frame, decode_frame
from . import progress

__all__ = ["Client", "Session", "Experiment", "Recording", "Results", "RnnlabError", "Frame", "decode_frame"]
__version__ = "0.1.0"
