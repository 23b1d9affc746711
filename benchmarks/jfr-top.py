#!/usr/bin/env python3
"""Aggregates a flight recording's CPU samples: the hottest methods by their own samples (the top
frame) and by inclusive samples (anywhere on the stack), optionally only for threads whose name
contains a given text. Uses the JDK's `jfr print --json`; standard library only.

Usage: benchmarks/jfr-top.py RECORDING.jfr [--thread TEXT] [--top N] [--event jdk.ExecutionSample]
"""
import argparse
import collections
import json
import subprocess


def frames(event):
    stack = event["values"].get("stackTrace") or {}
    for frame in stack.get("frames") or []:
        method = frame["method"]
        yield method["type"]["name"] + "." + method["name"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("recording")
    parser.add_argument("--thread", default="", help="only threads whose name contains this")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--event", default="jdk.ExecutionSample")
    parser.add_argument("--depth", type=int, default=96)
    args = parser.parse_args()
    printed = subprocess.run(["jfr", "print", "--json", "--stack-depth", str(args.depth), "--events", args.event,
                              args.recording], check=True, capture_output=True, text=True).stdout
    events = json.loads(printed)["recording"]["events"]
    own, inclusive, threads = collections.Counter(), collections.Counter(), collections.Counter()
    total = 0
    for event in events:
        thread = (event["values"].get("sampledThread") or event["values"].get("eventThread") or {}).get("javaName") or "?"
        if args.thread not in thread:
            continue
        stack = list(frames(event))
        if not stack:
            continue
        total += 1
        threads[thread.rstrip("0123456789-")] += 1
        own[stack[0]] += 1
        for method in set(stack):
            inclusive[method] += 1
    print(f"{total} samples of {args.event}" + (f" in threads containing '{args.thread}'" if args.thread else ""))
    print("\nby thread (numbers stripped):")
    for name, n in threads.most_common(10):
        print(f"{100 * n / total:5.1f} %  {name}")
    print("\nown samples (top frame):")
    for name, n in own.most_common(args.top):
        print(f"{100 * n / total:5.1f} %  {name}")
    print("\ninclusive (anywhere on the stack), org.sluis and library entry points:")
    for name, n in inclusive.most_common(args.top * 4)[:args.top * 4]:
        if not name.startswith(("java.lang.Thread.run", "java.util.concurrent.ThreadPoolExecutor", "io.netty.util.concurrent")):
            print(f"{100 * n / total:5.1f} %  {name}")


if __name__ == "__main__":
    main()
