// Public entry of the assessments module: pure calculations shared by the server and the web.

export {
  AGGIR_CODES,
  AGGIR_COEFFICIENTS,
  AGGIR_DISCRIMINANT_VARIABLE_IDS,
  AGGIR_DISCRIMINANT_VARIABLES,
  AGGIR_GROUPS,
  AGGIR_ILLUSTRATIVE_VARIABLE_IDS,
  AGGIR_ILLUSTRATIVE_VARIABLES,
  AGGIR_RANK_THRESHOLDS,
  AGGIR_RANK_TO_GIR,
  AGGIR_SOURCES,
  AGGIR_SUB_VARIABLE_RULES,
  type AggirCode,
  type AggirGroup,
  type AggirRank,
  type DiscriminantVariableId,
  type Gir,
  type GroupThresholds,
  type IllustrativeVariableId,
  type SubVariableId,
  type SubVariableRule,
  type VariableWithSubVariables,
} from './aggir.data.ts';

export {
  aggirAdverbsSchema,
  aggirCodedAnswerSchema,
  aggirCodeSchema,
  aggirInputSchema,
  codeFromAdverbs,
  combineSubVariables,
  computeGir,
  groupScore,
  rankForGroup,
  type AggirAdverbs,
  type AggirCodedAnswer,
  type AggirGroupScore,
  type AggirInput,
  type GirResult,
} from './aggir.ts';

export {
  scoreZarit,
  validateZaritScores,
  ZARIT_BANDS,
  ZARIT_ITEM_COUNT,
  ZARIT_ITEM_MAX,
  ZARIT_ITEM_MIN,
  ZARIT_TOTAL_MAX,
  zaritBand,
  zaritScoresSchema,
  type ZaritBand,
  type ZaritError,
  type ZaritErrorCode,
  type ZaritResult,
  type ZaritScores,
} from './zarit.ts';

export {
  BAND_SEVERITIES,
  bandSchema,
  comparisonSchema,
  CONDITION_OPERATORS,
  conditionSchema,
  instrumentStructureSchema,
  isIsoDate,
  ITEM_KINDS,
  itemIdSchema,
  itemSchema,
  MAX_CONDITION_DEPTH,
  optionSchema,
  scoringSchema,
  type BandSeverity,
  type ChoiceOption,
  type Comparison,
  type Condition,
  type ConditionOperator,
  type InstrumentDefinition,
  type InterpretationBand,
  type Item,
  type ItemKind,
  type Scoring,
} from './questionnaire.schema.ts';

export {
  checkInstrumentDefinition,
  DEFINITION_ISSUE_CODES,
  instrumentDefinitionSchema,
  validateInstrumentDefinition,
  type DefinitionError,
  type DefinitionIssue,
  type DefinitionIssueCode,
  type DefinitionValidation,
} from './questionnaire.definition.ts';

export {
  answersSchema,
  answerValueSchema,
  bandForTotal,
  scoreAnswers,
  validateAnswers,
  visibleItems,
  type AnswerError,
  type AnswerErrorCode,
  type Answers,
  type AnswerValue,
  type QuestionnaireScore,
} from './questionnaire.ts';

export * from './domains.ts';
export * from './schemas.ts';
