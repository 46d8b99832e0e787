"""``python -m warta``: the same command line as the ``warta`` script."""

from warta.cli.main import app

if __name__ == "__main__":
    app(prog_name="warta")
