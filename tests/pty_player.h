/* pty_player: plays input events into a pseudo-terminal, as umockdev
 * emulates an evdev node with one, so that no reader ever gets part of an
 * event, however late it reads.
 *
 * A kernel evdev node hands out whole events only; a pseudo-terminal hands
 * out whatever bytes its 4 KiB input buffer holds. Once a reader lags and
 * that buffer fills, a write lands in part and a bulk read ends inside an
 * event (libevdev rejects the read with -EINVAL). The player writes from a
 * thread of its own, at the events' times, and never writes more than the
 * buffer has room for: a reader that lags gets the events late, as a
 * kernel would have kept them for it, never half of one.
 */
#ifndef SMPSIM_PTY_PLAYER_H
#define SMPSIM_PTY_PLAYER_H

#include <linux/input.h>
#include <stddef.h>
#include <stdint.h>

/** Events on their way into one pseudo-terminal. */
struct pty_player;

/**
 * Starts writing @p events into the pseudo-terminal whose master is
 * @p master, from a thread of its own, at once. Event i is written at its
 * time after this call (on the monotonic clock) and stamped with that
 * time: with @p frame_gap_us < 0 its own time relative to events[0]
 * (earlier ones count as 0), otherwise every event of frame k (frames end
 * at SYN_REPORT or SYN_DROPPED) at k * @p frame_gap_us. Events due while
 * the reader leaves no room follow as soon as it makes some; the times of
 * later events are kept (the player catches up). After the last event the
 * thread ends; the terminal stays open and silent.
 * @param master  the master side; it must stay open until pty_player_free()
 * @param events  copied; @p count of them (0 plays nothing)
 * @return 0 and *out, or a negative errno (-ENOTTY when @p master is not
 * the master of a pseudo-terminal).
 */
int pty_player_start(int master, const struct input_event *events, size_t count,
		     int64_t frame_gap_us, struct pty_player **out);

/**
 * As pty_player_start(), but each event is stamped with the monotonic
 * clock's time as it is written, as a kernel stamps an evdev event when
 * its frame is handed over (on CLOCK_MONOTONIC once the reader asked for
 * it with EVIOCSCLOCKID): for a benchmark that times the way from the
 * event's own timestamp. The events are still played at the times above.
 */
int pty_player_start_stamped(int master, const struct input_event *events, size_t count,
			     int64_t frame_gap_us, struct pty_player **out);

/**
 * Stops the thread (no further event is written; those written stay
 * readable), waits for it, and frees @p player. Accepts NULL.
 */
void pty_player_free(struct pty_player *player);

/**
 * @return how many bytes wait unread in the input buffer of the
 * pseudo-terminal slave @p fd is open on, or a negative errno. The kernel
 * is asked directly (FIONREAD): umockdev's preload answers every ioctl on
 * a node it emulates from the node's ioctl record instead.
 */
int pty_player_unread(int fd);

#endif
