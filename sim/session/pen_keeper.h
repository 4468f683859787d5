/* pen_keeper: a practice session's whole pen stream kept in the trainee
 * record. Every raw event the pen source reads (the opening state frame
 * included, from the moment the keeper is started) is coded by
 * rig/input/pen_stream.c; the chunk being made is handed to the store at
 * each of the session's flushes, when it is full, and at the end, and the
 * store writes it with the deposits' next commit. Events read before the
 * store's session exists (the pen on its way to the pad) wait in the
 * keeper until pen_keeper_begin(). The device's description goes with the
 * session as evemu header text (pen_keeper_device_text()), so a replay
 * runs the stream through the same path as a recording.
 */
#ifndef SMPSIM_PEN_KEEPER_H
#define SMPSIM_PEN_KEEPER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pen_source.h"
#include "pen_stream.h"
#include "store.h"

struct pen_keeper_waiting {
	struct store_pen_chunk chunk;  /**< its data is owned's */
	void *owned;
};

struct pen_keeper {
	struct pen_stream_encoder *enc;
	char *device_text;          /**< the device as evemu header text */
	struct store *store;        /**< once begun */
	int64_t session;
	struct pen_keeper_waiting *waiting; /**< chunks made before the
					     *   session began */
	size_t waiting_count, waiting_size;
	int error;                  /**< the first failure: the stream is not
				     *   kept from there on (the session goes on) */
	size_t chunks, bytes;       /**< handed to the store so far */
	uint64_t events;
};

/**
 * Hooks @p k to @p src's raw events and writes the device's text.
 * @return 0, or -ENOMEM (nothing to free then).
 */
int pen_keeper_start(struct pen_keeper *k, struct pen_source *src);

/** @return the device as evemu header text; valid until pen_keeper_release(). */
const char *pen_keeper_device_text(const struct pen_keeper *k);

/**
 * The store's session @p session exists: the chunks made so far are
 * handed to it. @return 0, or the store's negative errno.
 */
int pen_keeper_begin(struct pen_keeper *k, struct store *store, int64_t session);

/**
 * Ends the chunk being made and hands it to the store (before the
 * session begins, keeps it). Cheap: no database work (the store writes it
 * with its next commit). @return 1 when a chunk was handed on, 0 when
 * there was nothing, or a negative errno (also kept in k->error).
 */
int pen_keeper_cut(struct pen_keeper *k);

/** Frees what the keeper holds. The source's hook must not run after. */
void pen_keeper_release(struct pen_keeper *k);

#endif
