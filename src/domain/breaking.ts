/** A breaking update a moderator confirmed, to be delivered to subscribed chats. */
export interface BreakingUpdate {
  /** Unique per update: delivery never sends the same id twice to a chat. */
  id: string;
  text: string;
  articleId?: string | undefined;
  url?: string | undefined;
  title?: string | undefined;
  source?: string | undefined;
  requestedBy: { platform: string; userId: string; name?: string | undefined; chatId: string };
  createdAt: string;
}
