// SPDX-License-Identifier: MIT
// Draw-list playback with SDL_Renderer.
#include "wallboard/render_sdl.h"

void
wb_render_sdl(SDL_Renderer *r, struct wb_text *t, const struct wb_drawlist *dl)
{
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
    for (size_t i = 0; i < dl->len; i++) {
        const struct wb_cmd *c = &dl->cmds[i];
        SDL_Rect rect = {c->rect.x, c->rect.y, c->rect.w, c->rect.h};
        if (c->type == WB_CMD_RECT) {
            SDL_SetRenderDrawColor(r, c->color.r, c->color.g, c->color.b, c->color.a);
            SDL_RenderFillRect(r, &rect);
        } else {
            wb_text_draw(t, wb_drawlist_text(dl, i), c->px, c->bold, c->color, &rect,
                         (int)c->align);
        }
    }
    wb_text_end_frame(t);
}
