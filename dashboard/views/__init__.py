"""The dashboard's views, one module each, each with ``show(ctx)``: ``app.py`` runs the chosen one."""
