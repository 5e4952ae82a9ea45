import { describe, expect, it } from 'vitest';
import { checkGrounding, citedNumbers, splitOutputSentences, type GroundingSource } from '../../src/llm/grounding.ts';

const sources: GroundingSource[] = [
  {
    n: 1,
    articleId: 'kyiv01',
    title: 'Kyiv council approves winter heating budget',
    source: 'Kyiv Daily',
    url: 'https://kyiv.example.com/heating-budget',
    text: 'The Kyiv city council approved a heating budget of 1,200 million hryvnias on Tuesday. Mayor Olena Kovalenko said forty schools would get new boilers before December.',
  },
  {
    n: 2,
    articleId: 'port02',
    title: 'Odesa port reopens after storm',
    source: 'Sea Post',
    url: 'https://seapost.example.org/odesa-port',
    text: 'The Odesa port reopened on Friday after a storm damaged two cranes. Harbour master Taras Hlib said 35 ships were waiting to unload grain.',
  },
];

function reasonsOf(output: string) {
  return checkGrounding(output, sources).dropped.map((item) => item.reason);
}

describe('checkGrounding', () => {
  it('keeps a supported, cited paraphrase and maps its citation to the article', () => {
    const result = checkGrounding('Kyiv councillors approved a heating budget of 1,200 million hryvnias [1].', sources);
    expect(result.droppedCount).toBe(0);
    expect(result.kept).toHaveLength(1);
    expect(result.kept[0]!.text).toBe('Kyiv councillors approved a heating budget of 1,200 million hryvnias.');
    expect(result.kept[0]!.citations).toEqual([expect.objectContaining({ n: 1, articleId: 'kyiv01', url: 'https://kyiv.example.com/heating-budget', source: 'Kyiv Daily' })]);
  });

  it('accepts digits for numbers the source spells out', () => {
    expect(checkGrounding('Mayor Olena Kovalenko said 40 schools would get new boilers [1].', sources).kept).toHaveLength(1);
  });

  it('drops a sentence without a citation', () => {
    expect(reasonsOf('The Kyiv city council approved a heating budget.')).toEqual(['no_citation']);
  });

  it('drops a sentence citing a number that was not given', () => {
    const result = checkGrounding('The Kyiv city council approved a heating budget [3].', sources);
    expect(result.kept).toEqual([]);
    expect(result.dropped[0]).toMatchObject({ reason: 'unknown_citation', detail: '[3]' });
  });

  it('drops a sentence that cites the wrong source', () => {
    expect(reasonsOf('The Odesa port reopened on Friday after a storm damaged two cranes [1].')).toEqual(['wrong_source']);
  });

  it('removes an extra citation to an unrelated passage but keeps the supported sentence', () => {
    const result = checkGrounding('The Odesa port reopened on Friday after a storm [1][2].', sources);
    expect(result.kept[0]?.sources).toEqual([2]);
  });

  it('drops a number that no cited passage contains', () => {
    const result = checkGrounding('Harbour master Taras Hlib said 45 ships were waiting to unload grain [2].', sources);
    expect(result.dropped[0]).toMatchObject({ reason: 'unsupported_number', detail: 'number 45' });
  });

  it('drops a name that no cited passage contains, even as the first word', () => {
    expect(checkGrounding('Harbour master Petro Bondar said ships were waiting to unload grain [2].', sources).dropped[0]).toMatchObject({ reason: 'unsupported_name', detail: 'name petro' });
    expect(checkGrounding('Zelensky said ships were waiting to unload grain in Odesa [2].', sources).dropped[0]).toMatchObject({ reason: 'unsupported_name' });
  });

  it('does not mistake a capitalised common first word or a nationality for an unknown name', () => {
    const kenya: GroundingSource[] = [{ n: 1, articleId: 'k', title: 'Attack in Kenya', source: 'Wire', text: 'Gunmen attacked a college in Garissa, Kenya, and took students hostage. Recruits at the police academy were sent to help.' }];
    expect(checkGrounding('Gunmen attacked a Kenyan college and took students hostage [1].', kenya).kept).toHaveLength(1);
    expect(checkGrounding('Hostages were taken when gunmen attacked a college in Garissa [1].', kenya).kept).toHaveLength(1);
    expect(checkGrounding('Gunmen attacked a Somali college and took students hostage [1].', kenya).dropped[0]?.reason).toBe('unsupported_name');
  });

  it('drops a sentence whose words the passage does not support', () => {
    expect(reasonsOf('Protesters blocked the railway station demanding higher pensions [2].')).toEqual(['low_overlap']);
  });

  it('drops mentions, markup and links that are not stored URLs', () => {
    expect(reasonsOf('@everyone the Odesa port reopened on Friday [2].')).toEqual(['mention']);
    expect(reasonsOf('The Odesa port reopened on Friday <@123456> [2].')).toEqual(['mention']);
    expect(reasonsOf('The Odesa port reopened on Friday <#998877> [2].')).toEqual(['mention']);
    expect(reasonsOf('The Odesa port <b>reopened</b> on Friday [2].')).toEqual(['markup']);
    expect(reasonsOf('The Odesa port reopened on Friday, see https://evil.example.net/x [2].')).toEqual(['link']);
    expect(reasonsOf('The Odesa port reopened on Friday, see evil-site.com [2].')).toEqual(['link']);
    expect(checkGrounding('The Odesa port reopened on Friday, see https://seapost.example.org/odesa-port [2].', sources).kept).toHaveLength(1);
  });

  it('splits one line into sentences at citation groups, strips bullets and preambles, drops duplicates', () => {
    const output = 'Here is the summary:\n- The Odesa port reopened on Friday [2]. The Kyiv council approved a heating budget [1].\n- The Odesa port reopened on Friday [2].';
    const result = checkGrounding(output, sources);
    expect(result.kept.map((item) => item.text)).toEqual(['The Odesa port reopened on Friday.', 'The Kyiv council approved a heating budget.']);
    expect(result.reasons).toEqual({ duplicate: 1 });
  });

  it('reads citation forms models use', () => {
    expect(citedNumbers('A claim [1, 2] and [3][source 4].')).toEqual([1, 2, 3, 4]);
    expect(splitOutputSentences('1. First fact [1].\n\n2) Second fact [2]')).toEqual(['First fact [1].', 'Second fact [2]']);
  });

  it('treats empty output as nothing kept', () => {
    expect(checkGrounding('', sources)).toMatchObject({ kept: [], droppedCount: 0 });
    expect(checkGrounding('   \n [1]', sources).reasons).toEqual({ empty: 1 });
  });
});
