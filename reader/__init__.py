"""Article Reader: read and losslessly edit folders of articles with front matter."""

__version__ = "0.1.0"
