"""Content classes (内容分类): a three-level tree kept as data, with validity dates."""
