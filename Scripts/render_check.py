#!/usr/bin/env python3
"""Structural checks of abikit SVG figures and their headless-Chromium PNG renderings (standard
library only). Used by Scripts/render-check.sh.

For each SVG: it parses as XML; the root is SVG 1.1 with a viewBox equal to width/height; it has a
<title> and a <desc>; it uses only the element subset abikit writes (no script, image,
foreignObject, style sheets, external references: the only url() is an internal clip path); every
text's estimated extent (0.6 em per character, anchor and rotation honoured) and every axis line
lies inside the canvas. For each PNG: it decodes and is not blank (enough non-white pixels and more
than two colours).
Usage: render_check.py FILE.svg[:FILE.png] ... [:PAGE.png ...] [--report DIR]
A ':PAGE.png' argument checks a PNG alone (the HTML report's screenshot). '--report DIR' checks a
report directory: report.md references only figures/*.svg that exist, every one of them; pandoc's
HTML of report.md (DIR/pandoc.html, made by render-check.sh) has an <img> for each; report.html is
self-contained (every figure inlined as <svg>, no script, no external reference).
"""
import math
import re
import struct
import sys
import xml.etree.ElementTree as ET
import zlib

NS = "{http://www.w3.org/2000/svg}"
ALLOWED = {"svg", "title", "desc", "rect", "line", "polyline", "polygon", "circle", "text", "g", "clipPath"}


def check_svg(path):
    problems = []
    text = open(path, encoding="utf-8").read()
    root = ET.fromstring(text)
    if root.tag != NS + "svg" or root.get("version") != "1.1":
        problems.append("root is not <svg version=1.1>")
    width, height = float(root.get("width")), float(root.get("height"))
    if root.get("viewBox") != f"0 0 {root.get('width')} {root.get('height')}":
        problems.append("viewBox does not match width and height")
    if root.find(NS + "title") is None or not (root.find(NS + "title").text or "").strip():
        problems.append("no <title>")
    if root.find(NS + "desc") is None or not (root.find(NS + "desc").text or "").strip():
        problems.append("no <desc>")
    if re.search(r"href|@import|<script|javascript:|https?://(?!www\.w3\.org/2000/svg)", text):
        problems.append("external reference or script")
    for url in re.findall(r"url\(([^)]*)\)", text):
        if not url.startswith("#clip-"):
            problems.append(f"url() other than a clip path: {url}")
    texts = 0
    for element in root.iter():
        tag = element.tag.replace(NS, "")
        if tag not in ALLOWED:
            problems.append(f"element <{tag}> outside the subset")
        if tag == "text":
            texts += 1
            x, y = float(element.get("x")), float(element.get("y"))
            size = float(element.get("font-size", "12"))
            content = element.text or ""
            w = len(content) * size * 0.6
            anchor = element.get("text-anchor", "start")
            start = x - (w if anchor == "end" else w / 2 if anchor == "middle" else 0)
            box = (start, y - size, start + w, y + size * 0.25)
            if element.get("transform", "").startswith("rotate(-90"):
                # Rotated about (x, y): the run goes upwards.
                box = (x - size, y - (box[2] - x), x + size * 0.25, y - (box[0] - x))
            if box[0] < -0.5 or box[1] < -0.5 or box[2] > width + 0.5 or box[3] > height + 0.5:
                problems.append(f"text {content!r} at ({x}, {y}) extends outside the {width}x{height} canvas: {box}")
    for group in root.iter(NS + "g"):
        if group.get("aria-label") == "axes":
            for line in group.iter(NS + "line"):
                for key, limit in (("x1", width), ("x2", width), ("y1", height), ("y2", height)):
                    value = float(line.get(key))
                    if value < 0 or value > limit:
                        problems.append(f"axis line outside the canvas: {key}={value}")
    if texts < 3:
        problems.append("fewer than 3 text elements (no axes or title?)")
    return problems


def png_pixels(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    offset, idat, header = 8, b"", None
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        chunk = data[offset + 8:offset + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        offset += 12 + length
    width, height, depth, colour = header[:4]
    if depth != 8 or colour not in (2, 6):
        raise ValueError(f"unsupported PNG format (depth {depth}, colour type {colour})")
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous, position = [], bytearray(stride), 0
    for _ in range(height):
        kind = raw[position]
        line = bytearray(raw[position + 1:position + 1 + stride])
        position += 1 + stride
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = previous[i]
            c = previous[i - channels] if i >= channels else 0
            if kind == 1: line[i] = (line[i] + a) & 255
            elif kind == 2: line[i] = (line[i] + b) & 255
            elif kind == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


def check_png(path):
    width, height, channels, rows = png_pixels(path)
    colours, dark = set(), 0
    for row in rows[::2]:
        for x in range(0, width * channels, channels * 2):
            pixel = row[x:x + 3]
            colours.add(pixel)
            if sum(pixel) < 600:
                dark += 1
    sampled = (height // 2) * (width // 2)
    problems = []
    if dark < sampled * 0.005:
        problems.append(f"nearly blank: {dark} of {sampled} sampled pixels not white")
    if len(colours) < 3:
        problems.append("fewer than 3 colours")
    return problems


def check_report(directory):
    import os
    problems = []
    markdown = open(os.path.join(directory, "report.md"), encoding="utf-8").read()
    referenced = re.findall(r"!\[[^\]]*\]\((figures/[^)]+)\)", markdown)
    files = sorted("figures/" + name for name in os.listdir(os.path.join(directory, "figures")))
    if not referenced:
        problems.append("report.md references no figure")
    for path in referenced:
        if not os.path.isfile(os.path.join(directory, path)):
            problems.append(f"report.md references a missing figure: {path}")
    for path in files:
        if path not in referenced:
            problems.append(f"figure not referenced by report.md: {path}")
    pandoc_html = os.path.join(directory, "pandoc.html")
    if os.path.exists(pandoc_html):
        images = re.findall(r'<img[^>]*src="([^"]+)"', open(pandoc_html, encoding="utf-8").read())
        if sorted(set(images)) != sorted(set(referenced)):
            problems.append(f"pandoc's HTML shows {len(images)} figures, report.md has {len(referenced)}")
        for image in images:
            if not os.path.isfile(os.path.join(directory, image)):
                problems.append(f"pandoc's HTML: figure not found: {image}")
    else:
        problems.append("no pandoc.html")
    html_path = os.path.join(directory, "report.html")
    if os.path.exists(html_path):
        html = open(html_path, encoding="utf-8").read()
        if html.count("<svg") != len(referenced):
            problems.append(f"report.html inlines {html.count('<svg')} SVGs, report.md has {len(referenced)} figures")
        if re.search(r"<script|<link|src=|@import|https?://(?!www\.w3\.org/2000/svg)", html):
            problems.append("report.html is not self-contained (script, link, src or external URL)")
        if "@media print" not in html:
            problems.append("report.html has no print stylesheet")
    return problems


def main():
    failures = 0
    arguments = sys.argv[1:]
    while "--report" in arguments:
        i = arguments.index("--report")
        directory = arguments[i + 1]
        del arguments[i:i + 2]
        problems = check_report(directory)
        for problem in problems:
            print(f"{directory}: {problem}")
        failures += bool(problems)
        if not problems:
            print(f"{directory}: ok (report.md, pandoc.html and report.html show every figure)")
    for argument in arguments:
        svg, _, png = argument.partition(":")
        if not svg:
            problems = check_png(png)
            for problem in problems:
                print(f"{png}: {problem}")
            failures += bool(problems)
            if not problems:
                print(f"{png}: ok (not blank)")
            continue
        problems = check_svg(svg) + (check_png(png) if png else [])
        for problem in problems:
            print(f"{svg}: {problem}")
        failures += bool(problems)
        if not problems:
            print(f"{svg}: ok" + (f" ({png} not blank)" if png else ""))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
