"""Run extraction in a worker process with a per-document time limit. (Stub: being written.)"""
