"""The benchmark's MLP in numpy (float32, BLAS through numpy's matmul), the physical reference.

Reads one "depth width batch" line per timed pass on stdin and answers one JSON line
{"ms": …}; the first line it writes describes numpy and its BLAS. The network is drawn once per
configuration from numpy's own generator (He init, x ~ N(0, 1)): only its time is compared.
Each answer waits until OpenBLAS's worker threads, which spin for about 0.1 s after a call, have
gone to sleep, so that they do not take cores from the peer timed next.
"""
import json
import os
import sys
import time

import numpy as np

BLAS_THREADS_IDLE_S = 0.3


def describe():
    blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
    threads = os.environ.get("OPENBLAS_NUM_THREADS") or os.environ.get("OMP_NUM_THREADS") or f"default ({os.cpu_count()} cores)"
    return f"numpy {np.__version__}, {blas.get('name')} {blas.get('version')}, threads {threads}"


def network(depth, width, batch):
    rng = np.random.default_rng(1)
    std = np.float32(np.sqrt(2.0 / width))
    weights = [rng.standard_normal((width, width), dtype=np.float32) * std for _ in range(depth)]
    return weights, rng.standard_normal((batch, width), dtype=np.float32)


def one_pass(weights, x):
    pre = []
    h = x
    for w in weights:
        s = h @ w.T
        pre.append(s)
        h = np.maximum(s, 0)
    grad = np.ones_like(h)
    for w, s in zip(reversed(weights), reversed(pre)):
        grad = (grad * (s > 0)) @ w
    return grad


def main():
    print(json.dumps({"describe": describe()}), flush=True)
    key, net = None, None
    for line in sys.stdin:
        config = tuple(int(v) for v in line.split())
        if config != key:
            key, net = config, network(*config)
        t0 = time.perf_counter()
        one_pass(*net)
        ms = (time.perf_counter() - t0) * 1e3
        time.sleep(BLAS_THREADS_IDLE_S)
        print(json.dumps({"ms": ms}), flush=True)


main()
