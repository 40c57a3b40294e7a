"""The Qt user interface: a thin layer over the core parts."""
