"""One self-contained HTML page of an evaluation: ``newsclean evaluate --report OUT.html``.

The page has no scripts and loads nothing: the style is inline, the precision–recall curve is
inline SVG drawn here (no plotting library, so the report works from a plain install). Every
piece of newsletter text goes through ``html.escape``, so a newsletter's own ``<script>`` shows
as text and never runs.

Sections: the headline table (the model and the baselines on the same documents: drop precision,
recall and F1 by block and by character, recall per category); the precision–recall curve of the
drop probability with the thresholds used and the one needed for drop precision 0.99; per
document figures; then every document with its mistakes (false drops first) and its blocks,
dropped ones struck through and coloured by labelled category, the rule that dropped a block
beside it. Documents come worst first (false drops, then missed drops) and only the worst few are
expanded, so the page stays short; figures that mean nothing (the precision of a cleaner that
dropped nothing) read "n/a".
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Sequence

import numpy as np
from newsclean.training.evaluate import DocDetail, EvalReport
from newsclean.training.metrics import CATEGORIES, CategoryRecall, Counts, DocScore, is_scored

TARGET_PRECISION = 0.99  # the drop precision a cautious user asks for; its threshold is reported
NA = "n/a"  # a figure with no meaning (precision of a cleaner that dropped nothing)
# Documents shown expanded: the worst few with mistakes; the others are collapsed (<details>).
OPEN_DOCUMENTS = 3
_MODEL_P_RE = re.compile(r" \(model p=[0-9.]+\)$")  # the probability a rule's reason repeats

CATEGORY_COLOURS = {  # background of blocks labelled with each drop category
    "ad": "#ffd6d6", "self_promo": "#ffe8c2", "chrome": "#e3e3f7", "footer": "#dcecdc",
    "tracking": "#e8e8e8", "games": "#f3dcf3",
}
OTHER_COLOUR = "#fff3b0"  # a drop with no or an unknown category

STYLE = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#222;max-width:1300px}
h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ccc}h3{font-size:15px}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:3px 7px;text-align:right}
th{background:#f2f2f2}td.l,th.l{text-align:left}tr.model td{font-weight:600;background:#eef6ff}
.note{color:#555}.small{font-size:12px;color:#555}
.blk{margin:2px 0;padding:2px 6px;border-left:4px solid transparent;display:flex;gap:10px}
.blk pre{margin:0;white-space:pre-wrap;word-break:break-word;font:12px/1.4 ui-monospace,Menlo,Consolas,monospace;flex:1}
.blk .p{font:11px ui-monospace,monospace;color:#666;min-width:86px;max-width:200px}
.blk.dropped pre{text-decoration:line-through;text-decoration-color:#a00}
.blk.false{border-left-color:#d00;outline:1px dashed #d00}.blk.missed{border-left-color:#e90}
.legend span{display:inline-block;padding:1px 8px;margin:2px;border:1px solid #ccc}
ol.err li{margin:2px 0}code{font-size:12px}
details{margin:6px 0}summary{cursor:pointer;font-weight:600}
.curve svg{max-width:100%;height:auto}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _f(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _prf(counts: Counts) -> list[str]:
    """Precision, recall, F1, each "n/a" where it has no meaning.

    Precision means nothing when nothing was dropped (a keep-all cleaner), recall when nothing
    was to be dropped, and F1 when either does; ``metrics`` scores those cases by convention
    (1.0, and F1 0.0 for a cleaner that drops nothing), which a table must not present as a result.
    """
    precision = _f(counts.precision) if counts.predicted else NA
    recall = _f(counts.recall) if counts.actual else NA
    f1 = _f(counts.f1) if counts.predicted and counts.actual else NA
    return [precision, recall, f1]


def _cat_cell(c: CategoryRecall | None) -> str:
    if c is None or c.recall is None:
        return "–"
    return f"{c.recall:.2f} <span class=small>({c.dropped}/{c.total})</span>"


def _headline_rows(report: EvalReport) -> list[tuple[str, Counts, Counts, dict[str, CategoryRecall]]]:
    rows = [("newsclean model", report.by_block, report.by_char, report.categories)]
    rows += [(f"baseline: {name}", b.by_block, b.by_char, b.categories) for name, b in report.baselines.items()]
    return rows


def headline_table(report: EvalReport) -> str:
    """The model and every baseline: P/R/F1 by block and by character, recall per category."""
    head = ("<tr><th class=l rowspan=2>cleaner</th><th colspan=3>drop by block</th><th colspan=3>drop by char</th>"
            "<th rowspan=2 title='characters of blocks labelled keep that were dropped, over all labelled keep'>"
            f"news lost</th><th colspan={len(CATEGORIES)}>recall per category (blocks)</th></tr><tr>"
            + "<th>P</th><th>R</th><th>F1</th>" * 2 + "".join(f"<th>{_e(c)}</th>" for c in CATEGORIES) + "</tr>")
    body = []
    for i, (name, block, char, cats) in enumerate(_headline_rows(report)):
        cells = [*_prf(block), *_prf(char), f"{100 * char.lost:.2f}%"]
        body.append(f"<tr{' class=model' if i == 0 else ''}><td class=l>{_e(name)}</td>"
                    + "".join(f"<td>{c}</td>" for c in cells)
                    + "".join(f"<td>{_cat_cell(cats.get(c))}</td>" for c in CATEGORIES) + "</tr>")
    return f"<table class=headline>{head}{''.join(body)}</table>"


def _drop_precision_recall(y: np.ndarray, p: np.ndarray, thr: float) -> tuple[float, float]:
    drop = p >= thr
    tp = float(np.sum(drop & y))
    return (tp / float(drop.sum()) if drop.any() else 1.0), (tp / float(y.sum()) if y.any() else 1.0)


def threshold_for_precision(y: Sequence[int] | np.ndarray, proba: Sequence[float] | np.ndarray,
                            target: float = TARGET_PRECISION
                            ) -> tuple[float, float, float] | None:
    """The lowest threshold from which drop precision stays at or above ``target``.

    Returns:
        (threshold, precision, recall) at that threshold, or None when no threshold that drops
        anything reaches it.
    """
    yy, pp = np.asarray(y, dtype=bool), np.asarray(proba, dtype=float)
    best = None
    for thr in sorted(set(pp.tolist()), reverse=True):  # from the most confident drop down
        prec, rec = _drop_precision_recall(yy, pp, thr)
        if prec < target:
            break
        best = (float(thr), prec, rec)
    return best


def _pooled(details: Sequence[DocDetail]) -> tuple[np.ndarray, np.ndarray]:
    y, p = [], []
    for d in details:
        for text, yy, pp in zip(d.texts, d.y, d.proba, strict=True):
            if is_scored(text):
                y.append(yy)
                p.append(pp)
    return np.asarray(y, dtype=bool), np.asarray(p, dtype=float)


# The curve's drawing area, in SVG user units (CSS pixels).
SVG_WIDTH, SVG_HEIGHT = 680, 440
_PLOT_LEFT, _PLOT_RIGHT, _PLOT_TOP, _PLOT_BOTTOM = 60, 660, 34, 390


def _svg_xy(recall: float, precision: float, y_low: float) -> tuple[float, float]:
    """Plot coordinates of a (recall, precision) point; recall 0..1.02 across, precision y_low..1.01 up."""
    x = _PLOT_LEFT + recall / 1.02 * (_PLOT_RIGHT - _PLOT_LEFT)
    y = _PLOT_BOTTOM - (precision - y_low) / (1.01 - y_low) * (_PLOT_BOTTOM - _PLOT_TOP)
    return round(x, 1), round(y, 1)


def _svg_marker(shape: str, x: float, y: float, colour: str) -> str:
    """One marker: circle, square, star (a five-pointed polygon) or triangle."""
    if shape == "circle":
        return f"<circle cx='{x}' cy='{y}' r='5' fill='{colour}'/>"
    if shape == "square":
        return f"<rect x='{x - 5}' y='{y - 5}' width='10' height='10' fill='{colour}'/>"
    if shape == "star":
        points = []
        for k in range(10):
            radius = 9 if k % 2 == 0 else 3.8
            angle = math.pi / 2 + k * math.pi / 5
            points.append(f"{x + radius * math.cos(angle):.1f},{y - radius * math.sin(angle):.1f}")
        return f"<polygon points='{' '.join(points)}' fill='{colour}'/>"
    return f"<polygon points='{x},{y - 6} {x - 6},{y + 5} {x + 6},{y + 5}' fill='{colour}'/>"


def _svg_axes(y_low: float) -> list[str]:
    """Frame, grid lines with tick labels, axis titles."""
    parts = [f"<rect x='{_PLOT_LEFT}' y='{_PLOT_TOP}' width='{_PLOT_RIGHT - _PLOT_LEFT}' "
             f"height='{_PLOT_BOTTOM - _PLOT_TOP}' fill='#fff' stroke='#999'/>"]
    for k in range(6):
        x, _ = _svg_xy(k / 5, 1.0, y_low)
        parts.append(f"<line x1='{x}' y1='{_PLOT_TOP}' x2='{x}' y2='{_PLOT_BOTTOM}' stroke='#e4e4e4'/>"
                     f"<text x='{x}' y='{_PLOT_BOTTOM + 16}' text-anchor='middle'>{k / 5:.1f}</text>")
    step = 0.05 if 1.0 - y_low <= 0.3 else 0.1 if 1.0 - y_low <= 0.6 else 0.2
    tick = math.ceil(y_low / step - 1e-9) * step
    while tick <= 1.0 + 1e-9:
        _, y = _svg_xy(0.0, tick, y_low)
        parts.append(f"<line x1='{_PLOT_LEFT}' y1='{y}' x2='{_PLOT_RIGHT}' y2='{y}' stroke='#e4e4e4'/>"
                     f"<text x='{_PLOT_LEFT - 6}' y='{y + 4}' text-anchor='end'>{tick:.2f}</text>")
        tick += step
    mid_x = (_PLOT_LEFT + _PLOT_RIGHT) / 2
    mid_y = (_PLOT_TOP + _PLOT_BOTTOM) / 2
    parts.append(f"<text x='{mid_x}' y='{SVG_HEIGHT - 14}' text-anchor='middle'>drop recall (blocks)</text>"
                 f"<text x='16' y='{mid_y}' text-anchor='middle' transform='rotate(-90 16 {mid_y})'>"
                 "drop precision (blocks)</text>")
    return parts


def _svg_legend(entries: Sequence[tuple[str, str, str]]) -> list[str]:
    """The legend box in the lower left of the plot: (shape, colour, label) per entry; shape "line" is the curve."""
    if not entries:
        return []
    height = 8 + 17 * len(entries)
    left, top = _PLOT_LEFT + 10, _PLOT_BOTTOM - 10 - height
    width = 16 + 7 * max(len(label) for _, _, label in entries) + 28
    parts = [f"<rect x='{left}' y='{top}' width='{width}' height='{height}' fill='#fff' fill-opacity='0.92' "
             "stroke='#bbb'/>"]
    for k, (shape, colour, label) in enumerate(entries):
        y = top + 14 + 17 * k
        if shape == "line":
            parts.append(f"<line x1='{left + 6}' y1='{y - 4}' x2='{left + 26}' y2='{y - 4}' stroke='{colour}' "
                         "stroke-width='2'/>")
        else:
            parts.append(_svg_marker(shape, left + 16, y - 4, colour))
        parts.append(f"<text x='{left + 34}' y='{y}'>{_e(label)}</text>")
    return parts


def pr_curve_svg(report: EvalReport) -> tuple[str, str]:
    """The drop-class precision–recall curve as inline SVG (no plotting library), and a caption (HTML).

    Returns:
        ``("", caption)`` when there is no scored drop to draw a curve of.
    """
    y, p = _pooled(report.details)
    if not len(y) or not y.any():
        return "", "No scored drops: no curve."
    grid = np.unique(np.concatenate([p, np.linspace(0, 1, 101)]))
    points = sorted((r, q) for q, r in (_drop_precision_recall(y, p, t) for t in grid))
    y_low = max(0.0, math.floor((min(q for _, q in points) - 0.05) * 20) / 20)
    coords: list[tuple[float, float]] = []
    for r, q in points:
        xy = _svg_xy(r, q, y_low)
        if not coords or coords[-1] != xy:
            coords.append(xy)
    parts = _svg_axes(y_low)
    parts.append("<polyline fill='none' stroke='#1f5fbf' stroke-width='1.8' points='"
                 + " ".join(f"{x},{yy}" for x, yy in coords) + "'/>")
    legend: list[tuple[str, str, str]] = [("line", "#1f5fbf", "model probability")]
    used = sorted({d.threshold for d in report.details})
    for t in used:
        q, r = _drop_precision_recall(y, p, t)
        parts.append(_svg_marker("circle", *_svg_xy(r, q, y_low), "#d62"))
    legend.append(("circle", "#d62", "threshold used" + (" (one per fold)" if len(used) > 1 else "")))
    parts.append(_svg_marker("star", *_svg_xy(report.by_block.recall, report.by_block.precision, y_low), "#d62"))
    legend.append(("star", "#d62", "model decisions (after the rules)"))
    target = threshold_for_precision(y, p)
    if target is not None:
        parts.append(_svg_marker("square", *_svg_xy(target[2], target[1], y_low), "#2a2"))
        legend.append(("square", "#2a2", f"threshold {target[0]:.3f}: P ≥ {TARGET_PRECISION}"))
    for name, b in report.baselines.items():
        if b.by_block.predicted and b.by_block.precision >= y_low:
            parts.append(_svg_marker("triangle", *_svg_xy(b.by_block.recall, b.by_block.precision, y_low), "#777"))
            legend.append(("triangle", "#777", f"baseline: {name}"))
    parts += _svg_legend(legend)
    title = "drop class, all scored blocks" + (" (pooled over folds)" if report.mode == "cv-publisher" else "")
    svg = (f"<svg xmlns='http://www.w3.org/2000/svg' width='{SVG_WIDTH}' height='{SVG_HEIGHT}' "
           f"viewBox='0 0 {SVG_WIDTH} {SVG_HEIGHT}' role='img' aria-label='precision-recall curve of the drop class' "
           "font-family='system-ui,sans-serif' font-size='12' fill='#222'>"
           f"<text x='{(_PLOT_LEFT + _PLOT_RIGHT) / 2}' y='20' text-anchor='middle' font-size='14'>{_e(title)}</text>"
           + "".join(parts) + "</svg>")
    spread = f"{used[0]:.2f}" if len(used) == 1 else f"{used[0]:.2f}–{used[-1]:.2f} (per fold)"
    need = (f"No threshold reaches drop precision {TARGET_PRECISION:.2f}" if target is None else
            f"For drop precision ≥ {TARGET_PRECISION} a user needs threshold <b>{target[0]:.3f}</b> "
            f"(precision {target[1]:.3f}, recall {target[2]:.3f} on the probability alone)")
    caption = (f"Threshold used: {_e(spread)}. {need}. The curve is the probability alone; the rules "
               "(a sponsor heading drops its section, quiz sections, furniture shapes) move the final decisions "
               "(star)."
               + (" In leave-one-publisher-out each document's probability comes from the model that did not "
                  "see its publisher, so one threshold over the pooled curve is an approximation." if report.mode ==
                  "cv-publisher" else ""))
    return svg, caption


def documents_table(report: EvalReport) -> str:
    """Per document: the model's figures and each baseline's block F1."""
    names = list(report.baselines)
    per_base = {n: {s.name: s for s in report.baselines[n].documents} for n in names}
    head = ("<tr><th class=l>document</th><th class=l>publisher</th><th>thr</th><th>blocks</th><th>drops</th>"
            "<th>P</th><th>R</th><th>F1</th><th>P chr</th><th>R chr</th><th>F1 chr</th><th>false</th><th>missed</th>"
            + "".join(f"<th>F1 {_e(n)}</th>" for n in names) + "</tr>")
    rows = []
    for s in worst_first(report.documents):
        base = [per_base[n].get(s.name) for n in names]
        rows.append(f"<tr><td class=l><a href='#doc-{_e(_anchor(s.name))}'>{_e(s.name)}</a></td>"
                    f"<td class=l>{_e(s.publisher)}</td><td>{report.threshold_of(s):.2f}</td>"
                    f"<td>{s.scored}</td><td>{s.by_block.actual}</td>"
                    + "".join(f"<td>{c}</td>" for c in [*_prf(s.by_block), *_prf(s.by_char)])
                    + f"<td>{len(s.false_drops)}</td><td>{len(s.missed)}</td>"
                    + "".join(f"<td>{_prf(b.by_block)[2] if b else '–'}</td>" for b in base) + "</tr>")
    total = (f"<tr class=model><td class=l>total</td><td></td><td></td>"
             f"<td>{sum(s.scored for s in report.documents)}</td><td>{report.by_block.actual}</td>"
             + "".join(f"<td>{c}</td>" for c in [*_prf(report.by_block), *_prf(report.by_char)])
             + f"<td>{report.by_block.fp}</td><td>{report.by_block.fn}</td>"
             + "".join(f"<td>{_prf(report.baselines[n].by_block)[2]}</td>" for n in names) + "</tr>")
    return f"<table>{head}{''.join(rows)}{total}</table>"


def _anchor(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in name)


def worst_first(scores: Sequence[DocScore]) -> list[DocScore]:
    """Documents ordered mistakes first: most false drops (lost content), then most missed drops, then name."""
    return sorted(scores, key=lambda s: (-len(s.false_drops), -len(s.missed), s.name))


def _rule(detail: DocDetail, i: int) -> str:
    """The rule that decided block ``i`` (without the probability it repeats), or "" when the model alone did."""
    reason = detail.reasons[i] if i < len(detail.reasons) else ""
    if not reason or reason.startswith("model p="):
        return ""
    return _MODEL_P_RE.sub("", reason)


def _why(detail: DocDetail, i: int) -> str:
    """Why block ``i`` was decided so: its probability, and the rule when one made the decision."""
    rule = _rule(detail, i)
    return f"p={detail.proba[i]:.3f}" + (f", {_e(rule)}" if rule else "")


def _mistakes(detail: DocDetail, score: DocScore) -> str:
    items = [f"<li><b>false drop</b> #{e.index} {_why(detail, e.index)}: <code>{_e(e.snippet)}</code></li>"
             for e in score.false_drops]
    items += [f"<li>missed {_e(e.category or 'drop')} #{e.index} {_why(detail, e.index)}: "
              f"<code>{_e(e.snippet)}</code></li>" for e in score.missed]
    return f"<ol class=err>{''.join(items)}</ol>" if items else "<p class=small>no mistakes.</p>"


def _blocks(detail: DocDetail) -> str:
    out = []
    for i, text in enumerate(detail.texts):
        truth, keep, scored = bool(detail.y[i]), detail.keep[i], is_scored(text)
        cat = detail.categories[i]
        classes = ["blk"]
        if not keep:
            classes.append("dropped")
        if scored and not keep and not truth:
            classes.append("false")
        if scored and keep and truth:
            classes.append("missed")
        colour = CATEGORY_COLOURS.get(cat or "", OTHER_COLOUR) if truth else "transparent"
        label = (cat or "drop") if truth else "keep"
        rule = _rule(detail, i)
        rule = f"<br><i>{_e(rule)}</i>" if rule else ""
        out.append(f"<div class='{' '.join(classes)}' style='background:{colour}'>"
                   f"<span class=p>#{i} p={detail.proba[i]:.2f}<br>{_e(label)}{rule}</span><pre>{_e(text)}</pre></div>")
    return "".join(out)


def document_section(detail: DocDetail, score: DocScore, *, expanded: bool = False) -> str:
    """One document: its figures, its mistakes, its blocks (shown when ``expanded``, else collapsed)."""
    return (f"<section id='doc-{_e(_anchor(detail.name))}'><h3>{_e(detail.name)} "
            f"<span class=small>({_e(detail.publisher)}; threshold {detail.threshold:.2f}; "
            f"P {_prf(score.by_block)[0]} R {_prf(score.by_block)[1]}; {len(score.false_drops)} false drop(s), "
            f"{len(score.missed)} missed)</span></h3>{_mistakes(detail, score)}"
            f"<details{' open' if expanded else ''}><summary>the newsletter ({len(detail.texts)} blocks)</summary>"
            f"{_blocks(detail)}</details></section>")


def _legend() -> str:
    swatches = "".join(f"<span style='background:{c}'>{_e(n)}</span>" for n, c in CATEGORY_COLOURS.items())
    return (f"<p class=legend>Background = labelled drop category: {swatches}. "
            "<span><del>struck through</del> = dropped by the model</span> "
            "<span style='outline:1px dashed #d00;border-left:4px solid #d00'>false drop</span> "
            "<span style='border-left:4px solid #e90'>missed drop</span>; p = the model's drop probability; "
            "<i>italics</i> = the rule that made the decision.</p>")


def to_html(report: EvalReport) -> str:
    """The whole report as one HTML page: no scripts, no external resources."""
    svg, caption = pr_curve_svg(report)
    title = (f"leave-one-publisher-out over {len(report.folds)} publishers" if report.mode == "cv-publisher"
             else f"scoring {report.model}")
    details = {d.name: d for d in report.details}
    ordered = [s for s in worst_first(report.documents) if s.name in details]
    docs = "".join(document_section(details[s.name], s, expanded=k < OPEN_DOCUMENTS and bool(s.false_drops or s.missed))
                   for k, s in enumerate(ordered))
    shown = sum(1 for k, s in enumerate(ordered) if k < OPEN_DOCUMENTS and (s.false_drops or s.missed))
    order_note = (f"<p class=small>Mistakes first (false drops, then missed drops); the {shown} worst "
                  f"document(s) are expanded, the others collapsed.</p>")
    base_note = ", ".join(report.baselines) or "none"
    img = f"<div class=curve>{svg}</div>" if svg else ""
    return (
        "<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>"
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; img-src data:; "
        "style-src 'unsafe-inline'\">"
        f"<title>newsclean evaluate: {_e(title)}</title><style>{STYLE}</style></head><body>"
        f"<h1>newsclean evaluate: {_e(title)}</h1><p class=note>{_e(report.note)}</p>"
        f"<p>{len(report.documents)} documents from {len(report.publishers)} publishers; model: {_e(report.model)}; "
        f"baselines on the same documents: {_e(base_note)}. Drop is the positive class; blocks without letters "
        "or digits are not scored.</p>"
        f"<h2>Model and baselines</h2>{headline_table(report)}"
        f"<h2>Precision–recall of the drop class</h2>{img}<p>{caption}</p>"
        f"<h2>Per document</h2>{documents_table(report)}"
        f"<h2>Documents</h2>{_legend()}{order_note}{docs}</body></html>\n"
    )

