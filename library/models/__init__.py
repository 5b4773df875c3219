from .documents import ExtractionStatus, LibraryDocument

__all__ = ["ExtractionStatus", "LibraryDocument"]
