# Activities, success criteria and milestones arrive with the activities issue.
