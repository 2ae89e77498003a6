"""``python -m storyline ...`` runs the CLI, for environments where the script is not on PATH."""

from storyline.cli import main

if __name__ == "__main__":
    main()
