// Solves an ALTCHA proof-of-work challenge in the browser: finds the number n (0..maxnumber) for which
// SHA-256(salt + n) equals the challenge, with crypto.subtle, and returns the base64 payload the server verifies.

const encoder = new TextEncoder();

function hex(buffer) {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Fetches a challenge from the server and solves it; resolves to the payload for the field "altcha". */
export async function solveChallenge(url = '/api/v1/challenge') {
  const response = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store' });
  if (!response.ok) throw new Error(`challenge: HTTP ${response.status}`);
  const c = await response.json();
  const number = await search(c.salt, c.challenge, c.maxnumber);
  if (number == null) throw new Error('challenge: no solution found');
  const payload = { algorithm: c.algorithm, challenge: c.challenge, number, salt: c.salt, signature: c.signature };
  return btoa(JSON.stringify(payload));
}

async function search(salt, challenge, max) {
  const batch = 500; // hashes started together; a small batch keeps the page responsive
  for (let start = 0; start <= max; start += batch) {
    const end = Math.min(max, start + batch - 1);
    const tries = [];
    for (let n = start; n <= end; n++) tries.push(crypto.subtle.digest('SHA-256', encoder.encode(salt + n)));
    const hashes = await Promise.all(tries);
    for (let i = 0; i < hashes.length; i++) {
      if (hex(hashes[i]) === challenge) return start + i;
    }
  }
  return null;
}
