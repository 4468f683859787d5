/* pen_keeper: the pen stream into the record (pen_keeper.h).
 *
 * The hook runs inside pen_source_next(), for every event: it only codes
 * the event into the encoder's buffer, and when the chunk is full hands it
 * on (a copy into the store's memory), so the session's loop does no more
 * per event than a few table look-ups and bytes. A failure (memory, the
 * store refusing) stops keeping the stream and is remembered; the session
 * itself goes on, as it does when --record's disk fills.
 */
#include "pen_keeper.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evemu_writer.h"

static int hand_on(struct pen_keeper *k, const struct pen_stream_chunk *c)
{
	struct store_pen_chunk sc = {
		.first_us = c->first_us, .last_us = c->last_us, .events = c->events,
		.data = c->data, .size = c->size,
	};
	void *copy;

	if (k->store) {
		int rc = store_session_add_pen_chunk(k->store, k->session, &sc);

		if (rc < 0)
			return rc;
		k->chunks++;
		k->bytes += c->size;
		return 1;
	}
	if (k->waiting_count == k->waiting_size) {
		size_t size = k->waiting_size ? k->waiting_size * 2 : 4;
		struct pen_keeper_waiting *grown = realloc(k->waiting, size * sizeof(*grown));

		if (!grown)
			return -ENOMEM;
		k->waiting = grown;
		k->waiting_size = size;
	}
	if (!(copy = malloc(c->size)))
		return -ENOMEM;
	memcpy(copy, c->data, c->size);
	sc.data = copy;
	k->waiting[k->waiting_count].chunk = sc;
	k->waiting[k->waiting_count++].owned = copy;
	return 1;
}

int pen_keeper_cut(struct pen_keeper *k)
{
	struct pen_stream_chunk c;
	int rc;

	if (k->error)
		return k->error;
	rc = pen_stream_encoder_take(k->enc, &c);
	if (rc == -ENODATA)
		return 0;
	if (rc == 0)
		rc = hand_on(k, &c);
	if (rc < 0)
		k->error = rc;
	return rc;
}

static void keep_event(void *data, const struct input_event *ev)
{
	struct pen_keeper *k = data;
	int rc;

	if (k->error)
		return;
	if (pen_stream_encoder_full(k->enc) && pen_keeper_cut(k) < 0)
		return;
	rc = pen_stream_encoder_push(k->enc, ev);
	if (rc < 0)
		k->error = rc;
	else
		k->events++;
}

int pen_keeper_start(struct pen_keeper *k, struct pen_source *src)
{
	size_t size = 0;
	FILE *f;
	int rc;

	memset(k, 0, sizeof(*k));
	if ((rc = pen_stream_encoder_new(&k->enc)) < 0)
		return rc;
	f = open_memstream(&k->device_text, &size);
	if (!f || evemu_writer_description(f, pen_source_device(src)) < 0) {
		if (f)
			fclose(f);
		pen_keeper_release(k);
		return -ENOMEM;
	}
	if (fclose(f) != 0 || pen_source_add_event_hook(src, keep_event, k) < 0) {
		pen_keeper_release(k);
		return -ENOMEM;
	}
	return 0;
}

const char *pen_keeper_device_text(const struct pen_keeper *k)
{
	return k->device_text;
}

int pen_keeper_begin(struct pen_keeper *k, struct store *store, int64_t session)
{
	k->store = store;
	k->session = session;
	for (size_t i = 0; i < k->waiting_count && !k->error; i++) {
		int rc = store_session_add_pen_chunk(store, session, &k->waiting[i].chunk);

		if (rc < 0) {
			k->error = rc;
			break;
		}
		k->chunks++;
		k->bytes += k->waiting[i].chunk.size;
	}
	for (size_t i = 0; i < k->waiting_count; i++)
		free(k->waiting[i].owned);
	free(k->waiting);
	k->waiting = NULL;
	k->waiting_count = k->waiting_size = 0;
	return k->error;
}

void pen_keeper_release(struct pen_keeper *k)
{
	for (size_t i = 0; i < k->waiting_count; i++)
		free(k->waiting[i].owned);
	free(k->waiting);
	free(k->device_text);
	pen_stream_encoder_free(k->enc);
	memset(k, 0, sizeof(*k));
}
