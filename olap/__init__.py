"""The cube: query specs, their SQL, rollups, the engines answering them (``olap.engines``) and the lake."""

from data.warehouse import on_publish


def _after_publish(path, pointer) -> None:
    from olap import lake  # only when a version is published

    lake.after_publish(path, pointer)


on_publish(_after_publish)  # every process that reads the cube writes the lake on its publishes (XRM_LAKE)
