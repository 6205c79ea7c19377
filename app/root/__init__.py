"""The composition root's parts: what every process holds, and each capability's services.

``app.bootstrap`` puts them together (``Services`` inherits one part per capability) and is still
the one place services are constructed: the parts here are its pieces, each a ``cached_property``
per service that imports its module the first time a screen or command uses it.
"""
