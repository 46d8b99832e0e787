"""The ``warta`` command line. (Stub: being written.)"""

import typer

app = typer.Typer(help="Warta: raw news pages in, clean structured articles out.")


@app.command()
def extract() -> None:
    """Extract articles from pages."""
