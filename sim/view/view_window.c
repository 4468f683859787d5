/* view_window: the live view's thread and its window.
 *
 * view_window_open() copies the setup, makes the queue and starts the
 * thread, then waits (this once) until the thread has the window up or
 * knows it cannot: SDL_Init(SDL_INIT_VIDEO), the window and its renderer
 * are made on the thread, and every SDL and cairo call after stays on it
 * (X11 and SDL want one thread). SDL's own SIGINT and SIGTERM handlers
 * are turned off first: Ctrl-C belongs to the session.
 *
 * A frame: take every message the session posted (the pen, events) into
 * the scene; lock the streaming texture, wrap its pixels in a cairo image
 * surface (SDL's RGB888 and cairo's RGB24 are the same 32-bit words), let
 * the scene draw, unlock, copy and present. A frame is drawn when
 * something changed, and ten times a second for the clock, at most twice
 * a refresh interval of the display: without vsync, whose present would
 * wait for the vertical blank and hold each pen sample back up to a frame
 * more (the budget is one frame interval and 4 ms, docs/performance.md).
 * Between frames the thread takes the messages and waits for the window's
 * events 1 ms at a time. The session is never
 * waited for, nor does it wait: the queue is the only way between them.
 *
 * Keys: q and Escape (and closing the window) are handed to the session
 * (VIEW_KEY_QUIT), which ends as Enter or q at the terminal end it; i,
 * g and p are the view's own (the instructions, the ring, the pen-check
 * overlay; in a replay p is the fault before).
 *
 * Scale: a window is fitted to the lesson's work area; full screen on a
 * pen display is at real scale, from the display's size in mm (SDL's DPI,
 * or --display-size when the display does not tell). Either is said on
 * standard error as the view opens.
 */
#include "view_window.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <SDL.h>

#include "spsc_queue.h"
#include "view_draw_timeline.h"
#include "view_queue.h"
#include "view_replay.h"
#include "view_scene.h"

#define CLOCK_FRAME_US 100000   /* the status bar's clock: ten frames a second */
#define IDLE_WAIT_MS 1
/* The display's refresh rate when it does not say. */
#define DEFAULT_REFRESH_HZ 60
/* A replay's band under the status bar for its timeline, and its colour
 * (the status bar's). */
#define TIMELINE_BAND_PX (VIEW_TIMELINE_HEIGHT_PX + 8)
#define TIMELINE_BAND_RGB 0x202124u

struct view {
	/* The setup, and copies of what it points to: the session's own
	 * may go before the thread does. */
	struct view_setup setup;
	struct lesson lesson;
	struct scalp_model scalp;
	struct needle needle;
	struct scalp_polygon zones[LESSON_ZONES_MAX];
	char title[256];
	char screenshot[PATH_MAX];

	struct view_queue queue;
	pthread_t thread;
	atomic_bool quit;
	bool joined;
	/* The scene laid out above the replay's timeline band (on the thread). */
	bool laid_for_replay;

	/* The start's handshake, open() waiting for the thread. */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool started;
	int start_rc;
	char why[512];

	/* The thread's own. */
	struct view_scene *scene;
	SDL_Window *window;
	SDL_Renderer *renderer;
	SDL_Texture *texture;
	int width, height;
	double px_per_mm;          /* fixed (full screen), or 0: fitted */
	int64_t frame_us;          /* the display's frame interval */
	bool frame_told;           /* the display said its refresh rate */
	int64_t now_us;            /* session time of the last message */
	struct view_window_shown pending[64]; /* the pens since the last frame */
	size_t pending_count;
	int close_rc;              /* the screenshot's */
	char close_why[PATH_MAX + 512];

	/* The instructor's replay (view_window_replay()): set by the caller
	 * under the lock, played by the thread until done. */
	struct view_replay *_Atomic replay;
	bool replay_done;            /* under the lock */
	int64_t replay_wall;         /* the thread's wall clock at its last tick */

	/* Figures for the benchmarks. */
	atomic_ulong frames;
	struct view_window_shown *shown;
	size_t shown_count;
};

static bool named(const char *var)
{
	const char *s = getenv(var);

	return s && *s;
}

/* The start failed: @p what, with SDL's reason when @p sdl. */
static int say(struct view *v, int rc, const char *what, bool sdl)
{
	v->start_rc = rc;
	snprintf(v->why, sizeof(v->why), "%s%s%s%s", what, sdl ? " (" : "",
		 sdl ? SDL_GetError() : "", sdl ? ")" : "");
	return rc;
}

/* The scale for full screen: the display's pixels over its millimetres. */
static int real_scale(struct view *v)
{
	const struct view_setup *s = &v->setup;
	int display = SDL_GetWindowDisplayIndex(v->window);
	SDL_Rect bounds;
	float hdpi = 0, vdpi = 0;
	const char *source = "--display-size";
	double width_mm = s->display_width_mm, height_mm = s->display_height_mm;

	if (display < 0 || SDL_GetDisplayBounds(display, &bounds) < 0)
		return say(v, -ENODEV, "the display's size is unknown", true);
	if (width_mm <= 0) {
		if (SDL_GetDisplayDPI(display, NULL, &hdpi, &vdpi) < 0 || hdpi <= 0 ||
		    vdpi <= 0)
			return say(v, -ENODEV, "the display does not tell its size in mm "
				   "(no DPI in its EDID): give it as --display-size WxH (mm)",
				   false);
		width_mm = bounds.w / hdpi * 25.4;
		height_mm = bounds.h / vdpi * 25.4;
		source = "the display's DPI";
	}
	v->px_per_mm = bounds.w / width_mm;
	fprintf(stderr, "view: full screen on display %d, %dx%d px, %.1f x %.1f mm (%s): "
		"%.2f px per mm, real scale; the pen's %.1f x %.1f mm active area is "
		"mapped to the whole screen by the desktop, at %.2f px per mm of the pad\n",
		display, bounds.w, bounds.h, width_mm, height_mm, source, v->px_per_mm,
		s->pad_width_mm, s->pad_height_mm,
		s->pad_width_mm > 0 ? bounds.w / s->pad_width_mm : 0.0);
	return 0;
}

/* A texture of the window's size, and the scene laid out on it: above
 * the timeline's band in a replay, so the timeline hides neither the
 * scale bar nor the work area. */
static int lay_out(struct view *v)
{
	double x0, y0;
	int rc;

	SDL_GetRendererOutputSize(v->renderer, &v->width, &v->height);
	if (v->texture)
		SDL_DestroyTexture(v->texture);
	v->texture = SDL_CreateTexture(v->renderer, SDL_PIXELFORMAT_RGB888,
				       SDL_TEXTUREACCESS_STREAMING, v->width, v->height);
	if (!v->texture)
		return say(v, -ENOMEM, "cannot make the window's texture", true);
	rc = view_scene_layout(v->scene, v->width,
			       v->height - (v->laid_for_replay ? TIMELINE_BAND_PX : 0),
			       v->px_per_mm);
	if (rc < 0)
		return say(v, rc, rc == -EINVAL ? "the window is too small for the view" :
			   "out of memory laying the view out", false);
	view_scene_to_px(v->scene, 0, 0, &x0, &y0);
	fprintf(stderr, "view: %dx%d px at %.2f px per mm (scalp (0, 0) mm at pixel "
		"(%.2f, %.2f))\n", v->width, v->height, view_scene_px_per_mm(v->scene),
		x0, y0);
	return 0;
}

static int start(struct view *v)
{
	Uint32 flags = SDL_WINDOW_SHOWN | SDL_WINDOW_ALLOW_HIGHDPI;
	int rc;

	/* Ctrl-C and SIGTERM end the session through its own handlers. */
	SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
	/* Only the display named: SDL would otherwise fall back to a window
	 * nobody sees (its offscreen driver). $SDL_VIDEODRIVER still rules. */
	SDL_SetHint(SDL_HINT_VIDEODRIVER, !named("WAYLAND_DISPLAY") ? "x11" :
		    named("DISPLAY") ? "x11,wayland" : "wayland");
	/* No vsync: a present that waits for the vertical blank would hold a
	 * pen sample back a whole frame more (the frames are paced here). */
	SDL_SetHint(SDL_HINT_RENDER_VSYNC, "0");
	if (SDL_Init(SDL_INIT_VIDEO) < 0)
		return say(v, -ENODEV, "no display: SDL cannot open one", true);
	flags |= v->setup.fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : SDL_WINDOW_RESIZABLE;
	v->window = SDL_CreateWindow(v->title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
				     VIEW_WINDOW_WIDTH, VIEW_WINDOW_HEIGHT, flags);
	if (!v->window)
		return say(v, -ENODEV, "no window on the display", true);
	v->renderer = SDL_CreateRenderer(v->window, -1, 0);
	if (!v->renderer)
		return say(v, -ENODEV, "no renderer for the window", true);
	rc = view_scene_new(&v->setup, &v->scene, v->why, sizeof(v->why));
	if (rc < 0) {
		v->start_rc = rc;
		return rc;
	}
	if (v->setup.fullscreen && (rc = real_scale(v)) < 0)
		return rc;
	{
		SDL_DisplayMode mode;

		v->frame_told = SDL_GetWindowDisplayMode(v->window, &mode) == 0 &&
				mode.refresh_rate > 0;
		v->frame_us = 1000000 / (v->frame_told ? mode.refresh_rate : DEFAULT_REFRESH_HZ);
	}
	return lay_out(v);
}

/* The replay is over (q, Escape, the window closed): its caller goes on. */
static void replay_done(struct view *v)
{
	pthread_mutex_lock(&v->lock);
	v->replay_done = true;
	pthread_cond_signal(&v->cond);
	pthread_mutex_unlock(&v->lock);
}

/* A key of the replay's (view_replay.h), or VIEW_KEY_NONE. */
static enum view_key replay_key(SDL_Keycode k)
{
	switch (k) {
	case SDLK_SPACE: return VIEW_KEY_PAUSE;
	case SDLK_RIGHT: return VIEW_KEY_STEP;
	case SDLK_LEFT: return VIEW_KEY_STEP_BACK;
	case SDLK_PLUS: case SDLK_EQUALS: case SDLK_KP_PLUS: case SDLK_UP:
		return VIEW_KEY_FASTER;
	case SDLK_MINUS: case SDLK_KP_MINUS: case SDLK_DOWN:
		return VIEW_KEY_SLOWER;
	case SDLK_n: return VIEW_KEY_NEXT_FAULT;
	case SDLK_p: return VIEW_KEY_PREV_FAULT;
	default: return VIEW_KEY_NONE;
	}
}

static void key(struct view *v, SDL_Keycode k)
{
	struct view_replay *r = atomic_load(&v->replay);

	if (r && (k == SDLK_q || k == SDLK_ESCAPE)) {
		replay_done(v);
		return;
	}
	if (r && replay_key(k) != VIEW_KEY_NONE) {
		/* Said on standard error too, for a log of what was looked at. */
		if (view_replay_key(r, replay_key(k))) {
			view_scene_set_banner(v->scene, r->banner);
			if (r->banner[0])
				fprintf(stderr, "replay: %s\n", r->banner);
		}
		return;
	}
	switch (k) {
	case SDLK_q:
	case SDLK_ESCAPE:
		view_queue_key(&v->queue, VIEW_KEY_QUIT);
		break;
	case SDLK_i:
		view_scene_toggle_instructions(v->scene);
		break;
	case SDLK_g:
		view_scene_toggle_ring(v->scene);
		break;
	case SDLK_p:
		view_scene_toggle_pen_check(v->scene);
		break;
	default:
		break;
	}
}

/* Whether the window's drawable size is not the one laid out. */
static bool size_changed(const struct view *v)
{
	int width, height;

	SDL_GetRendererOutputSize(v->renderer, &width, &height);
	return width != v->width || height != v->height;
}

/* The window's events. @return whether the picture must be redrawn. */
static bool window_events(struct view *v)
{
	bool dirty = false;
	SDL_Event e;

	while (SDL_PollEvent(&e)) {
		switch (e.type) {
		case SDL_QUIT:
			if (atomic_load(&v->replay))
				replay_done(v);
			else
				view_queue_key(&v->queue, VIEW_KEY_QUIT);
			break;
		case SDL_KEYDOWN:
			key(v, e.key.keysym.sym);
			dirty = true;
			break;
		case SDL_WINDOWEVENT:
			/* Laid out again (and said again) only when the size did
			 * change: a full-screen window is told its size once more
			 * as it is mapped. */
			if (e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED &&
			    size_changed(v) && lay_out(v) < 0)
				fprintf(stderr, "view: %s\n", v->why);
			dirty = true;
			break;
		default:
			break;
		}
	}
	return dirty;
}

/* The session's messages into the scene. @return whether there were any. */
static bool messages(struct view *v)
{
	struct view_message m;
	bool any = false;

	while (view_queue_take(&v->queue, &m)) {
		any = true;
		if (m.kind == VIEW_MESSAGE_PEN) {
			view_scene_pen(v->scene, m.u.pen.sample.time_us, m.u.pen.x_mm,
				       m.u.pen.y_mm, m.u.pen.sample.flags);
			view_scene_pen_sample(v->scene, &m.u.pen.sample);
			v->now_us = m.u.pen.sample.time_us;
			if (v->pending_count < sizeof(v->pending) / sizeof(v->pending[0]))
				v->pending[v->pending_count++] = (struct view_window_shown){
					m.u.pen.sample.time_us, m.posted_us,
					view_queue_now_us(), 0, 0 };
		} else {
			/* A deposit that finds no memory is left out of the
			 * picture; the session has it all the same. */
			view_scene_event(v->scene, &m.u.sim.event,
					 m.u.sim.has_deposit ? &m.u.sim.deposit : NULL);
			v->now_us = m.u.sim.event.time_us;
		}
	}
	return any;
}

static void frame(struct view *v)
{
	cairo_surface_t *surface;
	cairo_t *cr;
	void *pixels;
	int pitch;
	int64_t begun = view_queue_now_us(), shown;

	if (!v->texture || SDL_LockTexture(v->texture, NULL, &pixels, &pitch) < 0)
		return;
	surface = cairo_image_surface_create_for_data(pixels, CAIRO_FORMAT_RGB24, v->width,
						      v->height, pitch);
	cr = cairo_create(surface);
	view_scene_draw(v->scene, cr, v->now_us);
	if (atomic_load(&v->replay) && v->laid_for_replay) {
		/* Its own band at the bottom, under the status bar. */
		cairo_set_source_rgb(cr, (TIMELINE_BAND_RGB >> 16) / 255.0,
				     (TIMELINE_BAND_RGB >> 8 & 0xFF) / 255.0,
				     (TIMELINE_BAND_RGB & 0xFF) / 255.0);
		cairo_rectangle(cr, 0, v->height - TIMELINE_BAND_PX, v->width,
				TIMELINE_BAND_PX);
		cairo_fill(cr);
		view_timeline_draw(atomic_load(&v->replay), cr, VIEW_MARGIN_PX,
				   v->height - TIMELINE_BAND_PX +
				   (TIMELINE_BAND_PX - VIEW_TIMELINE_HEIGHT_PX) / 2.0,
				   v->width - 2 * VIEW_MARGIN_PX, VIEW_TIMELINE_HEIGHT_PX);
	}
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	cairo_surface_destroy(surface);
	SDL_UnlockTexture(v->texture);
	SDL_RenderCopy(v->renderer, v->texture, NULL, NULL);
	SDL_RenderPresent(v->renderer);
	shown = view_queue_now_us();
	atomic_fetch_add_explicit(&v->frames, 1, memory_order_relaxed);
	for (size_t i = 0; i < v->pending_count && v->shown_count < VIEW_STATS_MAX; i++) {
		v->shown[v->shown_count] = v->pending[i];
		v->shown[v->shown_count].begun_us = begun;
		v->shown[v->shown_count++].shown_us = shown;
	}
	v->pending_count = 0;
}

/* The last frame, as the scene's PNG, into the screenshot's file (the
 * program's temporary, which it puts in place). */
static void screenshot(struct view *v)
{
	int fd;

	if (!v->screenshot[0])
		return;
	fd = open(v->screenshot, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0) {
		v->close_rc = -errno;
		snprintf(v->close_why, sizeof(v->close_why), "%s: %s", v->screenshot,
			 strerror(errno));
		return;
	}
	v->close_rc = view_scene_write_png(v->scene, fd, v->width, v->height, v->now_us,
					   v->close_why, sizeof(v->close_why));
	if (close(fd) < 0 && v->close_rc == 0) {
		v->close_rc = -errno;
		snprintf(v->close_why, sizeof(v->close_why), "%s: %s", v->screenshot,
			 strerror(errno));
	}
}

/* The replay's clock moved on by the wall clock since its last tick.
 * @return whether the picture changed. */
static bool replay_tick(struct view *v)
{
	struct view_replay *r = atomic_load(&v->replay);
	int64_t now = view_queue_now_us();
	bool dirty;

	if (!r)
		return false;
	if (v->replay_wall == 0)
		v->replay_wall = now;
	dirty = view_replay_tick(r, now - v->replay_wall);
	v->replay_wall = now;
	if (dirty)
		view_scene_set_banner(v->scene, r->banner);
	v->now_us = r->now_us;
	return dirty;
}

static void *run(void *arg)
{
	struct view *v = arg;
	int64_t drawn_at = 0, began_at = 0;
	int rc = start(v);

	pthread_mutex_lock(&v->lock);
	v->started = true;
	v->start_rc = rc;
	pthread_cond_signal(&v->cond);
	pthread_mutex_unlock(&v->lock);
	if (rc == 0) {
		bool dirty = true;

		while (!atomic_load_explicit(&v->quit, memory_order_acquire)) {
			int64_t now;

			dirty |= window_events(v);
			dirty |= messages(v);
			if ((atomic_load(&v->replay) != NULL) != v->laid_for_replay) {
				v->laid_for_replay = !v->laid_for_replay;
				if (lay_out(v) < 0)
					fprintf(stderr, "view: %s\n", v->why);
				dirty = true;
			}
			dirty |= replay_tick(v);
			now = view_queue_now_us();
			if ((dirty || now - drawn_at >= CLOCK_FRAME_US) &&
			    now >= began_at + v->frame_us / 2) {
				began_at = now;
				frame(v);
				drawn_at = now;
				dirty = false;
			} else {
				SDL_WaitEventTimeout(NULL, IDLE_WAIT_MS);
			}
		}
		messages(v);
		frame(v);
		screenshot(v);
	}
	view_scene_free(v->scene);
	/* The fonts pango loaded, freed with the last scene (nothing is left
	 * allocated at exit, for the leak checker). */
	view_release_fonts();
	if (v->texture)
		SDL_DestroyTexture(v->texture);
	if (v->renderer)
		SDL_DestroyRenderer(v->renderer);
	if (v->window)
		SDL_DestroyWindow(v->window);
	/* SDL stays initialised for the process's life, as the module stays
	 * loaded: SDL_Quit() unloads the X11 and D-Bus libraries it opened,
	 * leaving their process-wide allocations to read as leaks, and a
	 * second SDL_Init() after it was now and then refused the display. */
	return NULL;
}

static void view_free(struct view *v)
{
	view_queue_release(&v->queue);
	pthread_mutex_destroy(&v->lock);
	pthread_cond_destroy(&v->cond);
	free(v->shown);
	free(v);
}

/* The setup and copies of what it points to, for the view's own life. */
static void copy_setup(struct view *v, const struct view_setup *setup)
{
	v->setup = *setup;
	if (setup->lesson) {
		v->lesson = *setup->lesson;
		v->setup.lesson = &v->lesson;
	}
	if (setup->scalp) {
		v->scalp = *setup->scalp;
		v->setup.scalp = &v->scalp;
		v->setup.sim.scalp = &v->scalp;
	}
	if (setup->sim.needle) {   /* the pen-check overlay's depths */
		v->needle = *setup->sim.needle;
		v->setup.sim.needle = &v->needle;
	}
	if (setup->sim.zones && setup->sim.zone_count <= LESSON_ZONES_MAX) {
		memcpy(v->zones, setup->sim.zones, setup->sim.zone_count * sizeof(v->zones[0]));
		v->setup.sim.zones = v->zones;
	}
	snprintf(v->title, sizeof(v->title), "%s", setup->title ? setup->title : "smpsim");
	v->setup.title = v->title;
	snprintf(v->screenshot, sizeof(v->screenshot), "%s",
		 setup->screenshot ? setup->screenshot : "");
	v->setup.screenshot = setup->screenshot ? v->screenshot : NULL;
}

int view_window_open(const struct view_setup *setup, struct view **out, char *why,
		     size_t why_size)
{
	sigset_t block, old;
	struct view *v;
	int rc;

	*out = NULL;
	if (!named("DISPLAY") && !named("WAYLAND_DISPLAY")) {
		snprintf(why, why_size, "no display ($DISPLAY and $WAYLAND_DISPLAY are not set)");
		return -ENODEV;
	}
	if (setup->sim.zone_count > LESSON_ZONES_MAX) {
		snprintf(why, why_size, "%zu zones: at most %d", setup->sim.zone_count,
			 LESSON_ZONES_MAX);
		return -EINVAL;
	}
	v = calloc(1, sizeof(*v));
	if (!v || !(v->shown = malloc(VIEW_STATS_MAX * sizeof(*v->shown))) ||
	    view_queue_init(&v->queue) < 0) {
		if (v)
			free(v->shown);
		free(v);
		snprintf(why, why_size, "out of memory");
		return -ENOMEM;
	}
	copy_setup(v, setup);
	atomic_init(&v->quit, false);
	atomic_init(&v->frames, 0);
	pthread_mutex_init(&v->lock, NULL);
	pthread_cond_init(&v->cond, NULL);
	/* Signals go to the session's thread, whose wait they cut short (as
	 * the ticker's do). */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	rc = pthread_create(&v->thread, NULL, run, v);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		snprintf(why, why_size, "cannot start the view's thread: %s", strerror(rc));
		view_free(v);
		return -rc;
	}
	pthread_mutex_lock(&v->lock);
	while (!v->started)
		pthread_cond_wait(&v->cond, &v->lock);
	pthread_mutex_unlock(&v->lock);
	if (v->start_rc < 0) {
		rc = v->start_rc;
		pthread_join(v->thread, NULL);
		snprintf(why, why_size, "%s", v->why);
		view_free(v);
		return rc;
	}
	*out = v;
	return 0;
}

void view_window_post_pen(struct view *v, const struct pen_sample *sample, double x_mm,
			  double y_mm)
{
	struct view_message m = { .kind = VIEW_MESSAGE_PEN };

	m.u.pen.sample = *sample;
	m.u.pen.x_mm = x_mm;
	m.u.pen.y_mm = y_mm;
	view_queue_post(&v->queue, &m);
}

void view_window_post_event(struct view *v, const struct sim_event *event,
			    const struct deposit *deposit)
{
	struct view_message m = { .kind = VIEW_MESSAGE_EVENT };

	m.u.sim.event = *event;
	if (deposit) {
		m.u.sim.deposit = *deposit;
		m.u.sim.has_deposit = true;
	}
	view_queue_post(&v->queue, &m);
}

enum view_key view_window_next_key(struct view *v)
{
	return (enum view_key)view_queue_next_key(&v->queue);
}

/* Stops the thread (its last frame drawn, its screenshot written). */
static void stop(struct view *v)
{
	if (v->joined)
		return;
	atomic_store_explicit(&v->quit, true, memory_order_release);
	pthread_join(v->thread, NULL);
	v->joined = true;
}

/* The replay's sink: the tape's entries into the scene, on the thread. */
static void scene_reset(void *ctx)
{
	view_scene_reset(ctx);
}

static void scene_apply(void *ctx, const struct view_tape_entry *e)
{
	if (!e->is_event)
		view_scene_pen(ctx, e->time_us, e->u.pen.x_mm, e->u.pen.y_mm, e->u.pen.flags);
	else
		view_scene_event(ctx, &e->u.sim.event,
				 e->u.sim.event.kind == SIM_DEPOSIT_FINISHED ?
				 &e->u.sim.deposit : NULL);
}

int view_window_replay(struct view *v, const struct view_tape *tape, char *why,
		       size_t why_size)
{
	const struct view_replay_sink sink = { scene_reset, scene_apply, v->scene };
	struct view_replay r;

	if (v->joined) {
		snprintf(why, why_size, "the view is closed");
		return -EINVAL;
	}
	if (view_replay_init(&r, tape, &sink) < 0) {
		snprintf(why, why_size, "out of memory");
		return -ENOMEM;
	}
	/* The thread plays it from here, until q, Escape or the window's close. */
	pthread_mutex_lock(&v->lock);
	v->replay_done = false;
	v->replay_wall = 0;
	atomic_store(&v->replay, &r);
	while (!v->replay_done)
		pthread_cond_wait(&v->cond, &v->lock);
	pthread_mutex_unlock(&v->lock);
	/* Stopped before the replay goes: its last frame shows where it was. */
	stop(v);
	atomic_store(&v->replay, NULL);
	view_replay_release(&r);
	return 0;
}

bool view_window_drained(struct view *v)
{
	size_t capacity;

	return spsc_queue_used(v->queue.messages, &capacity) == 0;
}

void view_window_stats(struct view *v, struct view_window_stats *out)
{
	stop(v);
	out->frames = atomic_load_explicit(&v->frames, memory_order_relaxed);
	out->dropped = atomic_load_explicit(&v->queue.dropped, memory_order_relaxed);
	out->frame_us = v->frame_us;
	out->frame_told = v->frame_told;
	out->shown = v->shown;
	out->shown_count = v->shown_count;
}

int view_window_close(struct view *v, char *why, size_t why_size)
{
	unsigned long dropped;
	int rc;

	if (!v)
		return 0;
	stop(v);
	rc = v->close_rc;
	if (rc < 0 && why && why_size)
		snprintf(why, why_size, "%s", v->close_why);
	dropped = atomic_load_explicit(&v->queue.dropped, memory_order_relaxed);
	if (dropped)
		fprintf(stderr, "view: %lu deposits and faults did not reach the view (its "
			"queue was full): the picture lacks them, the session has them "
			"all\n", dropped);
	view_free(v);
	return rc;
}
