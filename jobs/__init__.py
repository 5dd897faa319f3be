"""Work that spans the core's layers: the post-load steps, the demo build, applying customer changes.

Above ``data``, ``olap``, ``mining`` and ``crm`` (it may import them all), below the screens (never
``pages``, ``callbacks`` or ``components``); the core never imports it, the callers pass its
functions in.
"""
