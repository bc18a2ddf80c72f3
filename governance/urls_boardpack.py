from django.urls import path

from . import boardpack_views

urlpatterns: list = [
    path("board-packs/", boardpack_views.board_packs, name="board-packs"),
    path("board-packs/<uuid:public_id>.pdf", boardpack_views.board_pack, name="board-pack"),
]
