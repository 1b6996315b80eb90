import { buildSchema, parse } from 'graphql';
import { UsageRecorder } from './usage-recorder';

// shapeOf needs neither the database, the settings nor the logger.
const recorder = () => new UsageRecorder({} as never, {} as never, {} as never);

it('analyses an operation once per literal-free text, per supergraph: its coordinates follow the schema it runs against', () => {
  const before = buildSchema('type Query { thing(id: ID!): Old } type Old { id: ID! }');
  const after = buildSchema('type Query { thing(id: ID!): New } type New { id: ID! }');
  const usage = recorder();
  const text = (id: string) => `{ thing(id: "${id}") { id } }`;
  expect(usage.shapeOf(before, parse(text('1')), undefined, text('1'))?.coordinates).toEqual(expect.arrayContaining(['Query.thing', 'Old.id']));
  // Another text of the same shape, same schema: the same shape.
  expect(usage.shapeOf(before, parse(text('2')), undefined, text('2'))?.coordinates).toEqual(expect.arrayContaining(['Old.id']));
  // The supergraph changed: the same shape of text is analysed against the new schema.
  const coordinates = usage.shapeOf(after, parse(text('3')), undefined, text('3'))?.coordinates;
  expect(coordinates).toEqual(expect.arrayContaining(['Query.thing', 'New.id']));
  expect(coordinates).not.toContain('Old.id');
});
