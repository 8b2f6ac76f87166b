"""corridors: the transport corridors between Pakistan and Kazakhstan, traced to the documents that name them."""

__version__ = "0.1.0"
