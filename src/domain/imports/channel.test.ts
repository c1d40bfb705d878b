import { describe, expect, it } from 'vitest';
import { BatchChannel } from './channel.ts';

describe('BatchChannel', () => {
  it('hands batches over in order and holds the producer while `capacity` are pending', async () => {
    const channel = new BatchChannel<number>(2);
    const pushed: number[] = [];
    const producer = (async () => {
      for (let i = 0; i < 5; i += 1) {
        await channel.push(i);
        pushed.push(i);
      }
      channel.close();
    })();
    await new Promise((resolve) => setImmediate(resolve));
    expect(pushed).toEqual([0, 1]);
    const taken: number[] = [];
    for await (const batch of channel) taken.push(batch);
    await producer;
    expect(taken).toEqual([0, 1, 2, 3, 4]);
  });

  it("gives the consumer the producer's failure after the pending batches", async () => {
    const channel = new BatchChannel<string>(2);
    await channel.push('a');
    channel.close({ error: new Error('row 7: the file is not UTF-8') });
    const taken: string[] = [];
    await expect(
      (async () => {
        for await (const batch of channel) taken.push(batch);
      })(),
    ).rejects.toThrow('row 7: the file is not UTF-8');
    expect(taken).toEqual(['a']);
  });

  it('refuses batches once the consumer has stopped, so a producer never waits for room forever', async () => {
    const channel = new BatchChannel<number>(1);
    await channel.push(1);
    // Taking batch 1 makes room for batch 2; then the consumer stops.
    const waiting = channel.push(2);
    for await (const batch of channel) {
      expect(batch).toBe(1);
      break;
    }
    await waiting;
    await expect(channel.push(3)).rejects.toThrow('no longer being written');
  });
});
