/**
 * The two keep-alive numbers that must agree, in one place. A server closes a connection
 * that stayed idle for SERVER_KEEP_ALIVE_TIMEOUT_MS; a client that picked that socket from
 * its pool at the same moment would see its request reset. So clients drop idle pooled
 * sockets a full second earlier. (Node's agent would derive the same from the server's
 * `Keep-Alive: timeout=5` hint, but only when the agent has a timeout of its own.)
 */
export const SERVER_KEEP_ALIVE_TIMEOUT_MS = 5_000;
export const CLIENT_IDLE_SOCKET_TIMEOUT_MS = SERVER_KEEP_ALIVE_TIMEOUT_MS - 1_000;
