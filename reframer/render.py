"""Human-readable rendering of an :class:`~reframer.schema.Analysis` for the terminal (rich).

Crisis entries show the support message first and prominently, and no rewrites.
Colour follows rich's rules, so ``NO_COLOR`` and non-terminals get plain text.
"""

from __future__ import annotations

from typing import Any

from reframer.schema import Analysis

__all__ = ["render_analysis"]


def render_analysis(result: Analysis, console: Any) -> None:
    """Print one analysis to a ``rich.console.Console``."""
    from rich.markup import escape
    from rich.panel import Panel

    if result.crisis and result.support is not None:
        lines = [escape(result.support.message), ""]
        for r in result.support.resources:
            desc = f" — {escape(r.description)}" if r.description else ""
            lines.append(f"• [bold]{escape(r.name)}[/bold]: {escape(r.contact)}{desc}")
        console.print(
            Panel(
                "\n".join(lines), title="You don't have to carry this alone", border_style="magenta"
            )
        )
        return
    for note in result.notices:
        console.print(f"[yellow]Note:[/yellow] {escape(note.message)}")
    if not result.sentences:
        if not result.notices:
            console.print("[dim]Nothing to analyse.[/dim]")
        return
    flagged = [s for s in result.sentences if s.self_critical]
    if not flagged and not result.crisis:
        console.print("[green]No self-critical sentences found.[/green]")
    for s in result.sentences:
        if not s.self_critical:
            console.print(f"[dim]  {escape(s.text)}[/dim]")
            continue
        traps = ", ".join(t.replace("_", " ") for t in s.traps)
        console.print(
            f"[bold red]✗ {escape(s.text)}[/bold red]  [dim]({s.score:.2f}; {traps})[/dim]"
        )
        for reframe in s.reframes:
            console.print(
                f"    [green]→[/green] {escape(reframe.text)}  [dim]{reframe.strategy}[/dim]"
            )
