"""fundguard (医保基金卫士): fraud analytics for a city medical security bureau."""

__version__ = "0.1.0"
