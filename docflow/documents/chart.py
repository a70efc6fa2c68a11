"""Charts for documents as PNG bytes (matplotlib, headless Agg backend): axes, values, legend."""

from __future__ import annotations

import io
from collections.abc import Sequence

SERIES_COLOURS = ("#2e75b6", "#ed7d31", "#a5a5a5", "#70ad47")


def stacked_bars_png(categories: Sequence[str], series: dict[str, Sequence[float]], *, title: str = "",
                     x_label: str = "", width_mm: float = 160, dpi: int = 200) -> bytes:
    """Horizontal stacked bars, one per category, each segment labelled with its value; a legend
    names the series. Long category names wrap at word boundaries (never inside a word)."""
    import textwrap

    import matplotlib
    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.ticker import MaxNLocator

    n = max(len(categories), 1)
    fig, ax = plt.subplots(figsize=(width_mm / 25.4, 1.2 + 0.45 * n + 0.6), dpi=dpi)
    plt.rcParams["font.family"] = "DejaVu Sans"
    left = [0.0] * len(categories)
    for (name, values), colour in zip(series.items(), SERIES_COLOURS, strict=False):
        bars = ax.barh([textwrap.fill(c, 28, break_long_words=False) for c in categories], values, left=left,
                       label=name, color=colour)
        ax.bar_label(bars, labels=[f"{v:g}" if v else "" for v in values], label_type="center", fontsize=8,
                     color="white")
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(x_label, fontsize=9)
    ax.tick_params(labelsize=8)
    if title:
        ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.18 - 0.02 * n), ncol=len(series),
              frameon=False)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()
