import { text } from './option-types.ts';
import { answerReply } from './present.ts';
import type { CommandDefinition } from './types.ts';

export const maxQuestionLength = 500;

/** `/ask <question>`: an answer with quote and citations, or "not in the stored articles". */
export const ask = {
  name: 'ask',
  description: 'Ask a question about the stored news',
  options: [
    { name: 'question', description: 'Your question', type: text({ maxLength: maxQuestionLength }), rest: true, required: true, example: 'who met in Kyiv?' },
  ],
  permission: 'member',
  examples: ['/ask who met in Kyiv?', '/ask how many people were evacuated?'],
  slow: true,
  rateLimit: 'ask',
  async run({ options, chat, caller }, deps) {
    const answer = await deps.answers.ask(options.question, { conversationKey: `${chat.platform}:${chat.chatId}:${caller.id}` });
    const suggestion = answer.abstained && answer.suggestedSearch ? answer.suggestedSearch.slice(0, 40) : undefined;
    return answerReply(answer, suggestion ? { label: `Search: ${suggestion}`, command: 'search', args: suggestion } : undefined);
  },
} satisfies CommandDefinition<{ question: string }>;
