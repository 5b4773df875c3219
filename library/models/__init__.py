from .categories import Category
from .documents import ExtractionStatus, LibraryDocument
from .index import LibraryIndexPage
from .pages import Level, LibraryArticlePage, LibraryArticlePageTag, LibraryAttachment

__all__ = [
    "Category",
    "ExtractionStatus",
    "LibraryArticlePage",
    "LibraryArticlePageTag",
    "LibraryAttachment",
    "LibraryDocument",
    "LibraryIndexPage",
    "Level",
]
