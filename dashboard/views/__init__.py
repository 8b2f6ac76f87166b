"""The dashboard's views, one module each with ``show(ctx: context.Context)``; ``app.py`` runs the
chosen one. (Not a folder named ``pages``: beside ``app.py`` Streamlit would take that for its older
multipage mode and run these modules as scripts of their own.)"""
